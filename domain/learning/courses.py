"""Finding a course by its code, who may see it, and which of its prerequisites a trainee has completed.

A trainee may see a published course that is public within the organization, targeted at their
department, or already theirs (any enrollment). Admins see every course of their organization and
instructors their own. Row-level security keeps every other organization out of sight.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.actor import Actor
from domain.models import Course, Enrollment
from domain.replies import literal

# SQL over courses `c` and the actor's enrollment `e` (LEFT JOINed), with :actor_id, :department_id, :is_admin.
VISIBLE = """(c.is_public IS TRUE OR c.department_id = CAST(:department_id AS uuid) OR e.id IS NOT NULL
              OR CAST(:is_admin AS boolean) OR c.instructor_id = CAST(:actor_id AS uuid))"""


def visibility(actor: Actor) -> dict[str, object]:
    """The parameters VISIBLE needs."""
    return {"actor_id": actor.user_id, "department_id": actor.department_id, "is_admin": actor.is_admin}


def may_see(actor: Actor, course: Course, enrollment: Enrollment | None) -> bool:
    return bool(
        course.is_public
        or (course.department_id is not None and course.department_id == actor.department_id)
        or enrollment is not None
        or actor.may_manage_course(course.instructor_id)
    )


async def find_course(
    session: AsyncSession, code: str, trainee_id: uuid.UUID, *, lock: bool = False
) -> tuple[Course, Enrollment | None] | None:
    """The course with this code (case-insensitive, an exact match first) and the trainee's enrollment in it.

    With `lock`, a course with a limited number of places is locked until commit (read again with the
    lock): its enrollments then happen one at a time, so the count of taken places stays true until the
    new enrollment is in. A course without a limit is not locked, so people enrolling at the same moment do
    not wait for each other. The lock is FOR NO KEY UPDATE: rows referencing the course can still be added.
    """
    query = (
        select(Course, Enrollment)
        .outerjoin(Enrollment, (Enrollment.course_id == Course.id) & (Enrollment.trainee_id == trainee_id))
        .where(func.upper(Course.course_code) == code.upper())
        .order_by((Course.course_code == code).desc())
        .limit(1)
    )
    found = (await session.execute(query)).one_or_none()
    if found is not None and lock and found[0].max_enrollments is not None:
        locked = query.where(Course.id == found[0].id).with_for_update(of=Course, key_share=True)
        found = (await session.execute(locked.execution_options(populate_existing=True))).one_or_none()
    return None if found is None else (found[0], found[1])


@dataclass(frozen=True)
class Prerequisite:
    code: str
    title: str
    mandatory: bool


MISSING_PREREQUISITES = text("""
SELECT pc.course_code AS code, pc.title, COALESCE(cp.is_mandatory, true) AS mandatory
FROM course_prerequisites cp
JOIN courses pc ON pc.id = cp.prerequisite_course_id
WHERE cp.course_id = CAST(:course_id AS uuid)
  AND NOT EXISTS (SELECT 1 FROM enrollments pe WHERE pe.course_id = pc.id
                  AND pe.trainee_id = CAST(:trainee_id AS uuid) AND pe.status = 'completed')
ORDER BY pc.title
""")


async def missing_prerequisites(
    session: AsyncSession, course_id: uuid.UUID, trainee_id: uuid.UUID
) -> list[Prerequisite]:
    """The course's prerequisites the trainee has not completed, mandatory and optional."""
    rows = await session.execute(MISSING_PREREQUISITES, {"course_id": course_id, "trainee_id": trainee_id})
    return [Prerequisite(row.code, row.title, row.mandatory) for row in rows]


def titles(prerequisites: list[Prerequisite]) -> str:
    return ", ".join(f"*{literal(p.title)}* (`{literal(p.code)}`)" for p in prerequisites)
