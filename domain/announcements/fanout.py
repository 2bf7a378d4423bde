"""Publishing an announcement: its recipients are resolved now and a delivery enqueued for each, in one transaction.

The course's active trainees (enrolled or in progress), the department's active members, or the whole
organization's active people; never its author. Run when it is posted, or for a scheduled one by the
`publish_announcement` job at its time. `fanned_out_at` makes it happen once, however often the job runs.
"""

import uuid

from sqlalchemy import text

from domain.delivery.outbox import PUBLISH_ANNOUNCEMENT, enqueue_deliveries, enqueue_jobs
from domain.unit_of_work import UnitOfWork

# One statement: claim the fan-out, resolve the audience, insert a delivery per person.
FAN_OUT = text("""
WITH announcement AS (
    UPDATE announcements SET fanned_out_at = now()
    WHERE id = :id AND fanned_out_at IS NULL AND withdrawn_at IS NULL AND NOT is_draft
    RETURNING id, organization_id, course_id, department_id, created_by
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
SELECT id, user_id FROM inserted
""")


async def fan_out(uow: UnitOfWork, announcement_id: uuid.UUID) -> int:
    """Enqueue the announcement's deliveries (once); how many."""
    rows = await uow.fetch(FAN_OUT, {"id": announcement_id})
    await enqueue_deliveries(uow, rows)
    return len(rows)


async def schedule(uow: UnitOfWork, announcement_id: uuid.UUID, after_seconds: float) -> None:
    from datetime import timedelta

    await enqueue_jobs(uow, PUBLISH_ANNOUNCEMENT, [announcement_id], after=timedelta(seconds=after_seconds))
