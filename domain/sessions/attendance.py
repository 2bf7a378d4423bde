"""The attendance list of a session, and instructors marking people attended, absent or excused."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import Clock, organization_zone
from domain.errors import Conflict, NotFound
from domain.messagebus import Context
from domain.models import Department, SessionAttendance, User
from domain.models.enums import AttendanceStatus
from domain.replies import Reply, literal, say
from domain.sessions import texts
from domain.sessions.commands import MarkAttendance, ShowAttendance
from domain.sessions.finding import find_session, label, require_manager
from domain.sessions.registration import named
from domain.sessions.times import check_in_opens, clock_time_of, day_and_time, when


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    employee_id: str
    department: str | None
    status: str
    check_in_time: datetime | None
    check_out_time: datetime | None
    notes: str | None


async def attendees(session: AsyncSession, session_id: uuid.UUID) -> list[Attendee]:
    """Everyone with an attendance row for the session, by last and first name."""
    rows = await session.execute(
        select(User, Department.name, SessionAttendance)
        .join(User, User.id == SessionAttendance.user_id)
        .outerjoin(Department, Department.id == User.department_id)
        .where(SessionAttendance.session_id == session_id)
        .order_by(func.lower(User.last_name), func.lower(User.first_name), User.email)
    )
    return [
        Attendee(
            name=user.full_name,
            email=user.email,
            employee_id=user.employee_id,
            department=department,
            status=attendance.status or AttendanceStatus.REGISTERED,
            check_in_time=attendance.check_in_time,
            check_out_time=attendance.check_out_time,
            notes=attendance.notes,
        )
        for user, department, attendance in rows
    ]


async def show_attendance(ctx: Context, command: ShowAttendance, clock: Clock) -> list[Reply]:
    """Who registered, attended, was absent or excused, for the session's instructor or an admin."""
    actor = ctx.actor
    training = await find_session(ctx.session, actor, command.reference)
    require_manager(actor, training, "see the attendance list")
    zone = await organization_zone(ctx.session, actor.organization_id)
    people = await attendees(ctx.session, training.id)
    counts = {status: sum(person.status == status for person in people) for status in AttendanceStatus}
    capacity = training.max_participants
    lines = [
        texts.ATTENDANCE_TITLE.format(
            when=when(training.start_time, training.end_time, zone), code=training.checkin_code, **named(training)
        ),
        texts.ATTENDANCE_COUNTS.format(
            capacity=texts.ATTENDANCE_CAPACITY.format(capacity=capacity) if capacity else "",
            **{status.value: count for status, count in counts.items()},
        ),
    ]
    for person in people:
        times = ""
        if person.check_in_time is not None:
            out = person.check_out_time
            times = texts.ATTENDANCE_TIMES.format(
                check_in=clock_time_of(person.check_in_time, zone),
                check_out=texts.ATTENDANCE_OUT.format(check_out=clock_time_of(out, zone)) if out else "",
            )
        lines.append(
            texts.ATTENDANCE_LINE.format(
                name=literal(person.name),
                email=literal(person.email),
                status=person.status,
                times=times,
                note=texts.ATTENDANCE_NOTE.format(note=person.notes) if person.notes else "",
            )
        )
    if not people:
        lines.append(texts.NOBODY_YET)
    return say("\n".join(lines))


async def mark_attendance(ctx: Context, command: MarkAttendance, clock: Clock) -> list[Reply]:
    """Mark a person of the organization attended, absent or excused (with an optional note)."""
    actor = ctx.actor
    training = await find_session(ctx.session, actor, command.reference, lock=True)
    require_manager(actor, training, "mark attendance")
    person = await ctx.session.scalar(
        select(User).where(func.lower(User.email) == command.email.lower(), User.is_active.is_not(False))
    )
    if person is None:
        raise NotFound(texts.NO_SUCH_PERSON.format(email=command.email))
    now, status = clock.now(), command.status
    if status == AttendanceStatus.ABSENT and now < training.start_time:
        raise Conflict(texts.ABSENT_BEFORE_START.format(reference=label(training.reference)))
    if status == AttendanceStatus.ATTENDED and now < check_in_opens(training.start_time):
        zone = await organization_zone(ctx.session, actor.organization_id)
        raise Conflict(
            texts.ATTENDED_BEFORE_OPEN.format(
                reference=label(training.reference), opens=day_and_time(check_in_opens(training.start_time), zone)
            )
        )
    if status == AttendanceStatus.REGISTERED:
        raise Conflict(texts.MARK_WHAT)
    values: dict[str, object] = {"status": status}
    if command.note is not None:
        values["notes"] = command.note
    if status == AttendanceStatus.ATTENDED:
        values["check_in_time"] = func.coalesce(SessionAttendance.check_in_time, now)
    before = await ctx.session.scalar(
        select(SessionAttendance.status).where(
            SessionAttendance.session_id == training.id, SessionAttendance.user_id == person.id
        )
    )
    inserted = {key: now if key == "check_in_time" else value for key, value in values.items()}
    attendance_id = await ctx.session.scalar(
        insert(SessionAttendance)
        .values(session_id=training.id, user_id=person.id, **inserted)
        .on_conflict_do_update(index_elements=[SessionAttendance.session_id, SessionAttendance.user_id], set_=values)
        .returning(SessionAttendance.id)
    )
    ctx.uow.record(
        "session_attendance.marked",
        "session_attendance",
        attendance_id,
        before={"status": before} if before else None,
        after={"user_id": person.id, "status": status, "notes": command.note},
    )
    return say(texts.MARKED.format(name=literal(person.full_name), status=status.value, **named(training)))
