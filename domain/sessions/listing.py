"""The upcoming sessions a person may attend, with the button that fits each (RSVP, cancel, check in)."""

from datetime import datetime, tzinfo

from sqlalchemy import func, select

from domain.actor import Actor
from domain.clock import Clock, organization_zone
from domain.messagebus import Context
from domain.models import Course, Department, SessionAttendance, TrainingSession
from domain.models.enums import AttendanceStatus, SessionStatus
from domain.replies import Button, Reply, literal, say
from domain.sessions import texts
from domain.sessions.commands import (
    CancelRegistration,
    CheckIn,
    ListSessions,
    RegisterForSession,
    ShowAttendance,
    ShowSession,
)
from domain.sessions.finding import (
    HOLDING_A_SEAT,
    attendance_of,
    audience_label,
    find_session,
    instructor_name,
    label,
    seats_taken,
    visible_to,
)
from domain.sessions.times import is_open, when

SHOWN = 10
MINE = {
    AttendanceStatus.REGISTERED: texts.MINE_REGISTERED,
    AttendanceStatus.ATTENDED: texts.MINE_ATTENDED,
    AttendanceStatus.EXCUSED: texts.MINE_EXCUSED,
    AttendanceStatus.ABSENT: texts.MINE_ABSENT,
}


async def list_sessions(ctx: Context, command: ListSessions, clock: Clock) -> list[Reply]:
    """The next sessions that have not ended, soonest first, with my place in each."""
    actor = ctx.actor
    now = clock.now()
    taken = (
        select(func.count())
        .where(SessionAttendance.session_id == TrainingSession.id, SessionAttendance.status.in_(HOLDING_A_SEAT))
        .correlate(TrainingSession)
        .scalar_subquery()
    )
    mine = (
        select(SessionAttendance.status)
        .where(SessionAttendance.session_id == TrainingSession.id, SessionAttendance.user_id == actor.user_id)
        .correlate(TrainingSession)
        .scalar_subquery()
    )
    rows = (
        await ctx.session.execute(
            select(TrainingSession, taken, mine, Course.course_code, Department.name)
            .outerjoin(Course, Course.id == TrainingSession.course_id)
            .outerjoin(Department, Department.id == TrainingSession.department_id)
            .where(
                TrainingSession.end_time > now,
                TrainingSession.status != SessionStatus.CANCELLED,
                visible_to(actor),
            )
            .order_by(TrainingSession.start_time, TrainingSession.reference)
            .limit(SHOWN)
        )
    ).all()
    if not rows:
        return say(texts.NO_UPCOMING)
    zone = await organization_zone(ctx.session, actor.organization_id)
    lines, buttons = [texts.UPCOMING_TITLE], []
    for training, seats, status, course_code, department in rows:
        lines.append(session_line(training, seats, status, course_code or department, zone, now))
        button = button_for(actor, training, status, now)
        if button is not None:
            buttons.append(button)
    return [Reply(text="\n".join(lines), buttons=buttons)]


def seats_text(taken: int, capacity: int | None) -> str:
    if capacity is None:
        return texts.SEATS_OPEN.format(taken=taken)
    full = texts.FULL_MARK if taken >= capacity else ""
    return texts.SEATS_OF.format(taken=taken, capacity=capacity) + full


def place_text(training: TrainingSession) -> str:
    place = training.location or training.meeting_url
    return f" · {place}" if place else ""


def session_line(
    training: TrainingSession, taken: int, status: str | None, audience: str | None, zone: tzinfo, now: datetime
) -> str:
    return texts.SESSION_LINE.format(
        reference=label(training.reference),
        title=literal(training.title),
        when=when(training.start_time, training.end_time, zone),
        place=place_text(training),
        audience=f" · {audience}" if audience else "",
        seats=seats_text(taken, training.max_participants),
        mine=MINE.get(AttendanceStatus(status), "") if status else "",
    ) + (texts.OPEN_NOW if is_open(training.start_time, training.end_time, now) else "")


def button_for(actor: Actor, training: TrainingSession, status: str | None, now: datetime) -> Button | None:
    """Its instructor's attendance list; check in while open (for the registered), else RSVP or cancel."""
    number, reference = training.reference, label(training.reference)
    if training.instructor_id == actor.user_id:
        return Button(
            label=texts.ATTENDANCE_BUTTON.format(reference=reference), command=ShowAttendance(reference=number)
        )
    open_now = is_open(training.start_time, training.end_time, now)
    if status == AttendanceStatus.REGISTERED and open_now:
        return Button(
            label=texts.CHECK_IN_BUTTON.format(reference=reference), command=CheckIn(reference=number), style="primary"
        )
    if status == AttendanceStatus.REGISTERED and now < training.start_time:
        return Button(
            label=texts.CANCEL_BUTTON.format(reference=reference), command=CancelRegistration(reference=number)
        )
    if status is None or status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED):
        return Button(
            label=texts.REGISTER_BUTTON.format(reference=reference), command=RegisterForSession(reference=number)
        )
    return None


async def show_session(ctx: Context, command: ShowSession, clock: Clock) -> list[Reply]:
    """One session in full; its instructor (and admins) also see the check-in code."""
    actor = ctx.actor
    training = await find_session(ctx.session, actor, command.reference)
    zone = await organization_zone(ctx.session, actor.organization_id)
    held = await attendance_of(ctx.session, training.id, actor.user_id)
    audience = await audience_label(ctx.session, training)
    manages = actor.is_staff and actor.may_manage_course(training.instructor_id)
    cancelled = training.status == SessionStatus.CANCELLED
    text = texts.DETAILS.format(
        reference=label(training.reference),
        title=literal(training.title),
        cancelled=texts.CANCELLED_MARK if cancelled else "",
        when=when(training.start_time, training.end_time, zone),
        place="\n" + (training.location or training.meeting_url or "")
        if training.location or training.meeting_url
        else "",
        audience=texts.AUDIENCE_LINE.format(audience=audience) if audience else "",
        instructor=await instructor_name(ctx.session, training),
        seats=seats_text(await seats_taken(ctx.session, training.id), training.max_participants)
        + (MINE.get(AttendanceStatus(held.status), "") if held is not None and held.status else ""),
        code=texts.CODE_LINE.format(code=training.checkin_code) if manages else "",
    )
    now = clock.now()
    button = (
        None
        if cancelled or training.end_time <= now
        else button_for(actor, training, held.status if held else None, now)
    )
    return say(text, *([button] if button else []))
