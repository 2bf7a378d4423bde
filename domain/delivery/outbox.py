"""Enqueue deliveries in the transaction of the change that caused them (a transactional outbox).

Each recipient gets a `deliveries` row and a pgqueuer job naming it, both written in the unit of work's
transaction: if the change rolls back, nothing is sent; once it commits, a worker sends each exactly as
the job says (see adapters/delivery). pgqueuer's NOTIFY fires at commit, so idle workers wake at once.
"""

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import text

from domain.models.delivery import DeliveryKind
from domain.replies import Reply
from domain.unit_of_work import UnitOfWork

DELIVER = "deliver"
PUBLISH_ANNOUNCEMENT = "publish_announcement"
# A delivery's job goes to the entrypoint of the platform it will most likely go out on, so each platform has
# its own share of the workers (pgqueuer's per-entrypoint concurrency limits): Slack's slower rate never fills
# every worker with jobs waiting for Slack slots while Telegram's could be sent. The platform is chosen again
# when sending; the entrypoint only schedules.
PLATFORM_ENTRYPOINTS = {"telegram": "deliver_telegram", "slack": "deliver_slack"}

# The platform each person's delivery will likely go out on (as adapters/delivery/statements.CHOOSE_IDENTITY
# chooses), for many people in one index scan (a join with the inserted rows was planned as a nested loop).
LIKELY_PLATFORMS = text("""
SELECT DISTINCT ON (user_id) user_id, platform FROM chat_identities
WHERE user_id = ANY(CAST(:users AS uuid[])) AND unreachable_at IS NULL
ORDER BY user_id, notify_here DESC, last_seen_at DESC NULLS LAST, created_at DESC
""")


def entrypoint_for(platform: str | None) -> str:
    return PLATFORM_ENTRYPOINTS.get(platform or "", DELIVER)


@dataclass(frozen=True)
class Outgoing:
    """One person's copy: who gets it and what it says."""

    user_id: uuid.UUID
    replies: Sequence[Reply]


def job_payload(organization_id: uuid.UUID, item_id: uuid.UUID) -> bytes:
    return f"{organization_id}:{item_id}".encode()


def read_payload(payload: bytes | None) -> tuple[uuid.UUID, uuid.UUID]:
    """(organization, item) of a job; ValueError for anything else."""
    organization, _, item = (payload or b"").decode().partition(":")
    return uuid.UUID(organization), uuid.UUID(item)


async def enqueue_jobs(
    uow: UnitOfWork, entrypoint: str, item_ids: Sequence[uuid.UUID], *, after: timedelta | None = None
) -> None:
    """pgqueuer jobs for these items (deliveries, announcements), in the unit of work's transaction."""
    if not item_ids:
        return
    assert uow.organization_id is not None
    await uow.enqueue(entrypoint, [job_payload(uow.organization_id, item) for item in item_ids], after)


INSERT_DELIVERIES = text("""
INSERT INTO deliveries (organization_id, user_id, kind, message_id, replies)
SELECT :organization_id, r.user_id, :kind, :message_id, r.replies
FROM jsonb_to_recordset(CAST(:recipients AS jsonb)) AS r(user_id uuid, replies jsonb)
RETURNING id, user_id
""")


async def deliver(
    uow: UnitOfWork,
    kind: DeliveryKind,
    outgoing: Sequence[Outgoing],
    *,
    message_id: uuid.UUID | None = None,
    after: timedelta | None = None,
) -> list[uuid.UUID]:
    """Record and enqueue one delivery per recipient (sent `after` that long, when given); their ids."""
    recipients = json.dumps(
        [
            {"user_id": str(o.user_id), "replies": [reply.model_dump(mode="json") for reply in o.replies]}
            for o in outgoing
        ]
    )
    rows = await uow.fetch(
        INSERT_DELIVERIES,
        {
            "organization_id": uow.organization_id,
            "kind": kind.value,
            "message_id": message_id,
            "recipients": recipients,
        },
    )
    await enqueue_deliveries(uow, rows, after=after)
    return [row.id for row in rows]


async def enqueue_deliveries(uow: UnitOfWork, rows: Sequence[Any], *, after: timedelta | None = None) -> None:
    """Jobs for new deliveries, given as rows of (id, user_id), each on its likely platform's entrypoint."""
    if not rows:
        return
    likely = await uow.fetch(LIKELY_PLATFORMS, {"users": list({row.user_id for row in rows})})
    platform_of = {found.user_id: found.platform for found in likely}
    by_entrypoint: dict[str, list[uuid.UUID]] = {}
    for row in rows:
        by_entrypoint.setdefault(entrypoint_for(platform_of.get(row.user_id)), []).append(row.id)
    for entrypoint, ids in by_entrypoint.items():
        await enqueue_jobs(uow, entrypoint, ids, after=after)


async def deliver_ids(
    uow: UnitOfWork, delivery_ids: Sequence[uuid.UUID], *, after: timedelta | None = None, platform: str | None = None
) -> None:
    """Enqueue (again) deliveries that exist: a send to try later (on `platform`'s entrypoint when known)."""
    await enqueue_jobs(uow, entrypoint_for(platform), delivery_ids, after=after)
