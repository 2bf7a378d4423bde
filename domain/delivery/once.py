"""Deliveries that may exist only once (a reminder), whoever enqueues them, however often, from however many workers.

Each carries a `once_key` (a unique index where it is set, migration 0015); the INSERT says ON CONFLICT DO
NOTHING, so a second worker's insert of the same key waits for the first to commit and adds nothing, and only
the rows really inserted get a job. For scheduled jobs working across organizations (as the owner).
"""

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from domain.delivery.outbox import LIKELY_PLATFORMS, entrypoint_for, job_payload
from domain.models.delivery import DeliveryKind
from domain.replies import Reply
from domain.unit_of_work import UnitOfWork

INSERT_ONCE = text("""
INSERT INTO deliveries (organization_id, user_id, kind, replies, once_key)
SELECT r.organization_id, r.user_id, :kind, r.replies, r.once_key
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(organization_id uuid, user_id uuid, replies jsonb, once_key text)
ON CONFLICT (once_key) WHERE once_key IS NOT NULL DO NOTHING
RETURNING id, user_id, organization_id
""")


@dataclass(frozen=True)
class OnceOutgoing:
    organization_id: uuid.UUID
    user_id: uuid.UUID
    replies: Sequence[Reply]
    once_key: str


async def deliver_once(uow: UnitOfWork, kind: DeliveryKind, outgoing: Sequence[OnceOutgoing]) -> int:
    """Record and enqueue each delivery whose key is new, in the unit of work's transaction; how many were."""
    if not outgoing:
        return 0
    dumped: dict[int, list[dict[str, Any]]] = {}  # replies shared by many people are dumped once

    def as_json(replies: Sequence[Reply]) -> list[dict[str, Any]]:
        if id(replies) not in dumped:
            dumped[id(replies)] = [reply.model_dump(mode="json") for reply in replies]
        return dumped[id(replies)]

    rows = json.dumps(
        [
            {
                "organization_id": str(o.organization_id),
                "user_id": str(o.user_id),
                "replies": as_json(o.replies),
                "once_key": o.once_key,
            }
            for o in outgoing
        ]
    )
    inserted = await uow.fetch(INSERT_ONCE, {"kind": kind.value, "rows": rows})
    if not inserted:
        return 0
    likely = await uow.fetch(LIKELY_PLATFORMS, {"users": list({row.user_id for row in inserted})})
    platform_of = {found.user_id: found.platform for found in likely}
    jobs: dict[str, list[bytes]] = {}
    for row in inserted:
        jobs.setdefault(entrypoint_for(platform_of.get(row.user_id)), []).append(
            job_payload(row.organization_id, row.id)
        )
    for entrypoint, payloads in jobs.items():
        await uow.enqueue(entrypoint, payloads)
    return len(inserted)
