"""Publishing an announcement: its recipients are resolved now and a delivery enqueued for each, in one transaction.

The course's active trainees (enrolled or in progress), the department's active members, or the whole
organization's active people; never its author. Run when it is posted, or for a scheduled one by the
`publish_announcement` job at its time. `fanned_out_at` makes it happen once, however often the job runs.

Published during the organization's quiet hours (domain/quiet_hours.py), a low, normal or high announcement's
deliveries are enqueued with their jobs due when the quiet hours end (pgqueuer's execute_after): the audience is
the one of the moment it was published, and its author can still withdraw it until then. An urgent one goes out
at once (the author's override).
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from domain.delivery.outbox import PUBLISH_ANNOUNCEMENT, enqueue_deliveries, enqueue_jobs
from domain.models.enums import Priority
from domain.quiet_hours import organization_quiet_hours
from domain.unit_of_work import UnitOfWork

# One statement: claim the fan-out, resolve the audience, insert a delivery per person.
FAN_OUT = text("""
WITH announcement AS (
    UPDATE announcements SET fanned_out_at = now()
    WHERE id = :id AND fanned_out_at IS NULL AND withdrawn_at IS NULL AND NOT is_draft
    RETURNING id, organization_id, course_id, department_id, created_by, priority
), audience AS (
    SELECT e.trainee_id AS user_id FROM announcement a
    JOIN enrollments e ON e.course_id = a.course_id AND e.status IN ('enrolled', 'in_progress')
    UNION
    SELECT u.id FROM announcement a JOIN users u ON u.department_id = a.department_id
    WHERE a.course_id IS NULL
    UNION
    SELECT u.id FROM announcement a JOIN users u ON u.organization_id = a.organization_id
    WHERE a.course_id IS NULL AND a.department_id IS NULL
), inserted AS (
    INSERT INTO deliveries (organization_id, user_id, kind, announcement_id)
    SELECT a.organization_id, u.id, 'announcement', a.id
    FROM announcement a
    JOIN audience ON true
    JOIN users u ON u.id = audience.user_id AND u.is_active AND u.id IS DISTINCT FROM a.created_by
    ON CONFLICT (announcement_id, user_id) DO NOTHING
    RETURNING id, user_id
)
SELECT i.id, i.user_id, a.priority FROM inserted i CROSS JOIN announcement a
""")


@dataclass(frozen=True)
class FannedOut:
    count: int
    # When its deliveries go out, if they wait for the end of quiet hours.
    held_until: datetime | None = None


async def held_until(uow: UnitOfWork, priority: str | None, now: datetime) -> datetime | None:
    """The end of the organization's quiet hours if it is in them at `now` and the priority waits for it."""
    if priority == Priority.URGENT or uow.organization_id is None:
        return None
    opens = (await organization_quiet_hours(uow.session, uow.organization_id)).next_open(now)
    return opens if opens > now else None


async def fan_out(uow: UnitOfWork, announcement_id: uuid.UUID, *, now: datetime | None = None) -> FannedOut:
    """Enqueue the announcement's deliveries (once), held until quiet hours end unless urgent."""
    rows = await uow.fetch(FAN_OUT, {"id": announcement_id})
    if not rows:
        return FannedOut(0)
    moment = now or datetime.now(UTC)
    until = await held_until(uow, rows[0].priority, moment)
    await enqueue_deliveries(uow, rows, after=None if until is None else until - moment)
    return FannedOut(len(rows), until)


async def schedule(uow: UnitOfWork, announcement_id: uuid.UUID, after_seconds: float) -> None:
    await enqueue_jobs(uow, PUBLISH_ANNOUNCEMENT, [announcement_id], after=timedelta(seconds=after_seconds))
