"""Finding a session by its reference or check-in code, who may see it, and how many seats are taken."""

import uuid

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.actor import Actor
from domain.errors import NotFound, PermissionDenied
from domain.models import Course, Department, Enrollment, SessionAttendance, TrainingSession, User
from domain.models.enums import AttendanceStatus, EnrollmentStatus, SessionStatus
from domain.sessions import texts

# Statuses that hold a seat: an absent or excused person leaves theirs to others.
HOLDING_A_SEAT = (AttendanceStatus.REGISTERED, AttendanceStatus.ATTENDED)


def label(reference: int) -> str:
    return f"S{reference}"


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """The condition on TrainingSession for sessions `actor` may attend: staff every one; a trainee those for
    everyone, their department, or a course they are enrolled in (and not dropped)."""
    if actor.is_staff:
        return TrainingSession.id.is_not(None)
    enrolled = (
        select(Enrollment.id)
        .where(
            Enrollment.course_id == TrainingSession.course_id,
            Enrollment.trainee_id == actor.user_id,
            Enrollment.status != EnrollmentStatus.DROPPED,
        )
        .exists()
    )
    department: ColumnElement[bool] = TrainingSession.department_id.is_(None)
    if actor.department_id is not None:
        department = or_(department, TrainingSession.department_id == actor.department_id)
    return department & or_(TrainingSession.course_id.is_(None), enrolled)


async def find_session(session: AsyncSession, actor: Actor, reference: int, *, lock: bool = False) -> TrainingSession:
    """The session with this reference that `actor` may see; NotFound otherwise. `lock` takes its row lock,
    so seats are counted and taken one transaction at a time."""
    statement = select(TrainingSession).where(
        TrainingSession.organization_id == actor.organization_id,
        TrainingSession.reference == reference,
        visible_to(actor),
    )
    found = await session.scalar(statement.with_for_update(of=TrainingSession, key_share=True) if lock else statement)
    if found is None:
        raise NotFound(texts.NO_SUCH_SESSION.format(reference=label(reference)))
    return found


async def find_by_code(session: AsyncSession, actor: Actor, code: str) -> TrainingSession:
    """The session that is not cancelled whose check-in code this is (codes are case-insensitive)."""
    found = await session.scalar(
        select(TrainingSession)
        .where(
            TrainingSession.organization_id == actor.organization_id,
            TrainingSession.checkin_code == code.upper(),
            TrainingSession.status != SessionStatus.CANCELLED,
            visible_to(actor),
        )
        .order_by(TrainingSession.start_time.desc())
        .limit(1)
        .with_for_update(of=TrainingSession, key_share=True)
    )
    if found is None:
        raise NotFound(texts.NO_SUCH_CODE.format(code=code.upper()))
    return found


def require_manager(actor: Actor, training: TrainingSession, doing: str) -> None:
    """Admins manage every session of their organization; instructors their own."""
    actor.require_staff(doing)
    if not actor.may_manage_course(training.instructor_id):
        raise PermissionDenied(texts.NOT_YOUR_SESSION.format(reference=label(training.reference)))


async def seats_taken(session: AsyncSession, session_id: uuid.UUID) -> int:
    return (
        await session.scalar(
            select(func.count())
            .select_from(SessionAttendance)
            .where(SessionAttendance.session_id == session_id, SessionAttendance.status.in_(HOLDING_A_SEAT))
        )
        or 0
    )


async def attendance_of(session: AsyncSession, session_id: uuid.UUID, user_id: uuid.UUID) -> SessionAttendance | None:
    return await session.scalar(
        select(SessionAttendance).where(
            SessionAttendance.session_id == session_id, SessionAttendance.user_id == user_id
        )
    )


async def audience_label(session: AsyncSession, training: TrainingSession) -> str | None:
    """The course or department a session is for, if any."""
    return await audience_name(session, training.course_id, training.department_id)


async def audience_name(
    session: AsyncSession, course_id: uuid.UUID | None, department_id: uuid.UUID | None
) -> str | None:
    """'Information Security Basics (SEC-101)' for a course, the department's name for a department."""
    if course_id is not None:
        course = (await session.execute(select(Course.title, Course.course_code).where(Course.id == course_id))).one()
        return f"{course.title} ({course.course_code})"
    if department_id is not None:
        return await session.scalar(select(Department.name).where(Department.id == department_id))
    return None


async def instructor_name(session: AsyncSession, training: TrainingSession) -> str:
    user = await session.get(User, training.instructor_id)
    return user.full_name if user is not None else ""
