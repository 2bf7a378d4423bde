"""Who may act on what: instructors on their own courses, admins on every course of their organization."""

import uuid

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assessments import texts
from domain.errors import NotFound, PermissionDenied
from domain.messagebus import Context
from domain.models import Course
from domain.replies import literal


def require_manager(ctx: Context, instructor_id: uuid.UUID, title: str) -> None:
    if not ctx.actor.may_manage_course(instructor_id):
        raise PermissionDenied(texts.NOT_YOUR_COURSE.format(title=literal(title)))


def managed_courses(ctx: Context) -> ColumnElement[bool]:
    """The courses the person manages: an admin's are the whole organization's (row-level security narrows it)."""
    return true() if ctx.actor.is_admin else Course.instructor_id == ctx.actor.user_id


async def course_by_code(session: AsyncSession, code: str) -> Course:
    course = await session.scalar(select(Course).where(Course.course_code == code))
    if course is None:
        raise NotFound(texts.COURSE_NOT_FOUND.format(code=code))
    return course
