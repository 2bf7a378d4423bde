"""A course's status: draft -> published -> archived (and back to published), and the list of courses."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.authoring import texts
from domain.errors import Conflict, NotFound
from domain.models import Course, Enrollment, Module
from domain.models.enums import CourseStatus
from domain.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class CourseSummary:
    code: str
    title: str
    status: str
    modules: int
    enrollments: int


async def find_course(session: AsyncSession, course_code: str, *, for_update: bool = False) -> Course:
    query = select(Course).where(Course.course_code == course_code)
    course = await session.scalar(query.with_for_update() if for_update else query)
    if course is None:
        raise NotFound(texts.UNKNOWN_CODE.format(code=course_code))
    return course


async def publish_course(uow: UnitOfWork, course_code: str) -> bool:
    """Publish the course (False when it already was). A course without modules cannot be published."""
    course = await find_course(uow.session, course_code, for_update=True)
    if course.status == CourseStatus.PUBLISHED:
        return False
    modules = await uow.session.scalar(select(func.count()).select_from(Module).where(Module.course_id == course.id))
    if not modules:
        raise Conflict(texts.NO_MODULES.format(code=course.course_code))
    before = {"status": course.status, "published_at": course.published_at}
    course.status, course.published_at = CourseStatus.PUBLISHED.value, datetime.now(UTC)
    uow.record(
        "course.published",
        "course",
        course.id,
        before=before,
        after={"status": course.status, "published_at": course.published_at},
    )
    await uow.session.flush()
    return True


async def archive_course(uow: UnitOfWork, course_code: str) -> bool:
    """Archive the course (False when it already was); enrollments and history stay."""
    course = await find_course(uow.session, course_code, for_update=True)
    if course.status == CourseStatus.ARCHIVED:
        return False
    before = {"status": course.status}
    course.status = CourseStatus.ARCHIVED.value
    uow.record("course.archived", "course", course.id, before=before, after={"status": course.status})
    await uow.session.flush()
    return True


async def list_courses(uow: UnitOfWork) -> list[CourseSummary]:
    """Every course of the organization, by code, with its number of modules and enrollments."""
    modules = select(func.count()).where(Module.course_id == Course.id).scalar_subquery()
    enrollments = select(func.count()).where(Enrollment.course_id == Course.id).scalar_subquery()
    rows = await uow.session.execute(
        select(Course.course_code, Course.title, Course.status, modules, enrollments).order_by(Course.course_code)
    )
    return [CourseSummary(code, title, status or CourseStatus.DRAFT.value, m, e) for code, title, status, m, e in rows]
