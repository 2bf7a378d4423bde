"""The job queue: pgqueuer on the unit of work's own asyncpg connection, so a job is enqueued in the same
transaction as the change that asks for it (the delivery outbox); its NOTIFY fires when that commits."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from pgqueuer.adapters.persistence.queries import Queries


async def enqueue(driver: Any, entrypoint: str, payloads: Sequence[bytes], after: timedelta | None) -> None:
    """Jobs for `entrypoint`, one per payload, on `driver` (an asyncpg connection inside a transaction)."""
    if not payloads:
        return
    count = len(payloads)
    await Queries.from_asyncpg_connection(driver).enqueue(
        [entrypoint] * count, list(payloads), [0] * count, [after] * count
    )
