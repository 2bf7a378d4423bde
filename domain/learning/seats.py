"""Places on a course with max_enrollments: every enrollment that is not dropped takes one.

Count only after find_course(..., lock=True) locked the course row: concurrent enrollments of that course
wait for each other, and each counts (in a later statement, so with a fresh snapshot under READ
COMMITTED) the places the ones before it took. Exactly one of many people wins the last place.
"""

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import Conflict
from domain.learning import texts
from domain.models import Course, Enrollment
from domain.replies import literal


async def taken(session: AsyncSession, course_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count()).where(Enrollment.course_id == course_id, Enrollment.status != "dropped")
    )
    return int(count or 0)


async def require_free(session: AsyncSession, course: Course, needed: int = 1) -> None:
    """Refuse when fewer than `needed` places are free on the (locked) course."""
    if course.max_enrollments is None or needed <= 0:
        return
    free = course.max_enrollments - await taken(session, course.id)
    if needed == 1 and free < 1:
        raise Conflict(texts.COURSE_FULL.format(title=literal(course.title), seats=course.max_enrollments))
    if free < needed:
        raise Conflict(texts.NOT_ENOUGH_SEATS.format(title=literal(course.title), free=max(free, 0), needed=needed))
