"""Enqueue deliveries in the transaction of the change that caused them (a transactional outbox).

Each recipient gets a `deliveries` row and a pgqueuer job naming it, both written in the unit of work's
transaction: if the change rolls back, nothing is sent; once it commits, a worker sends each exactly as
the job says (see adapters/delivery). pgqueuer's NOTIFY fires at commit, so idle workers wake at once.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text

from domain.models.delivery import DeliveryKind
from domain.replies import Reply
from domain.unit_of_work import UnitOfWork

DELIVER = "deliver"
PUBLISH_ANNOUNCEMENT = "publish_announcement"


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
RETURNING id
""")


async def deliver(
    uow: UnitOfWork, kind: DeliveryKind, outgoing: Sequence[Outgoing], *, message_id: uuid.UUID | None = None
) -> list[uuid.UUID]:
    """Record and enqueue one delivery per recipient; their ids."""
    import json

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
    ids = [row.id for row in rows]
    await enqueue_jobs(uow, DELIVER, ids)
    return ids


async def deliver_ids(uow: UnitOfWork, delivery_ids: Sequence[uuid.UUID], *, after: timedelta | None = None) -> None:
    """Enqueue (again) deliveries that exist: a send to try later."""
    await enqueue_jobs(uow, DELIVER, delivery_ids, after=after)
