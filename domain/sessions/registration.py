"""Taking a seat in a session (RSVP) and giving it back. Seats are counted under the session's row lock, so
two people asking for the last seat at the same moment get it one after the other: one gets it."""

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert

from domain.actor import Actor
from domain.clock import Clock, organization_zone
from domain.errors import Conflict
from domain.messagebus import Context
from domain.models import SessionAttendance, TrainingSession
from domain.models.enums import AttendanceStatus, SessionStatus
from domain.replies import Reply, literal, say
from domain.sessions import texts
from domain.sessions.commands import CancelRegistration, RegisterForSession
from domain.sessions.finding import HOLDING_A_SEAT, attendance_of, find_session, label, seats_taken
from domain.sessions.times import check_in_opens, clock_time_of, is_open, when


def named(training: TrainingSession) -> dict[str, str]:
    return {"reference": label(training.reference), "title": literal(training.title)}


def require_bookable(training: TrainingSession, clock: Clock) -> None:
    if training.status == SessionStatus.CANCELLED:
        raise Conflict(texts.IS_CANCELLED.format(**named(training)))
    if training.end_time <= clock.now():
        raise Conflict(texts.ENDED.format(**named(training)))


async def take_seat(
    ctx: Context, actor: Actor, training: TrainingSession, now: datetime, *, checked_in: bool = False
) -> bool:
    """Give `actor` a seat at `now`, registered (or attended, checked in then); False if they hold one already.
    The session's row must be locked.

    Conflict when the session is full. A person marked absent or excused before takes a seat again. The row's
    created_at is the moment of registering (the clock's), which reminders read: one whose time came before
    the person registered is not sent.
    """
    held = await attendance_of(ctx.session, training.id, actor.user_id)
    if held is not None and held.status in HOLDING_A_SEAT:
        return False
    capacity = training.max_participants
    if capacity is not None and await seats_taken(ctx.session, training.id) >= capacity:
        raise Conflict(texts.FULL.format(capacity=capacity, **named(training)))
    status = AttendanceStatus.ATTENDED if checked_in else AttendanceStatus.REGISTERED
    values = {"status": status, "check_in_time": now if checked_in else None, "created_at": now}
    statement = (
        insert(SessionAttendance)
        .values(session_id=training.id, user_id=actor.user_id, **values)
        .on_conflict_do_update(index_elements=[SessionAttendance.session_id, SessionAttendance.user_id], set_=values)
        .returning(SessionAttendance.id)
    )
    attendance_id = await ctx.session.scalar(statement)
    ctx.uow.record(
        "session_attendance.registered",
        "session_attendance",
        attendance_id,
        before={"status": held.status} if held is not None else None,
        after={"session_id": training.id, "user_id": actor.user_id, "status": status},
    )
    return True


async def register_for_session(ctx: Context, command: RegisterForSession, clock: Clock) -> list[Reply]:
    """RSVP: a seat in a session I may attend, while seats are free and it has not ended."""
    actor = ctx.actor
    training = await find_session(ctx.session, actor, command.reference, lock=True)
    require_bookable(training, clock)
    if not await take_seat(ctx, actor, training, clock.now()):
        return say(texts.ALREADY_REGISTERED.format(**named(training)))
    zone = await organization_zone(ctx.session, actor.organization_id)
    return say(
        texts.REGISTERED.format(
            when=when(training.start_time, training.end_time, zone),
            check_in=texts.CHECK_IN_OPEN_NOW
            if is_open(training.start_time, training.end_time, clock.now())
            else texts.CHECK_IN_OPENS_AT.format(opens=clock_time_of(check_in_opens(training.start_time), zone)),
            **named(training),
        )
    )


async def cancel_registration(ctx: Context, command: CancelRegistration, clock: Clock) -> list[Reply]:
    """Give my seat back before the session starts."""
    actor = ctx.actor
    training = await find_session(ctx.session, actor, command.reference, lock=True)
    held = await attendance_of(ctx.session, training.id, actor.user_id)
    if held is None or held.status != AttendanceStatus.REGISTERED:
        raise Conflict(texts.NOT_REGISTERED.format(**named(training)))
    if training.start_time <= clock.now() and training.status != SessionStatus.CANCELLED:
        raise Conflict(texts.STARTED_ALREADY.format(**named(training)))
    await ctx.session.execute(delete(SessionAttendance).where(SessionAttendance.id == held.id))
    ctx.uow.record(
        "session_attendance.cancelled",
        "session_attendance",
        held.id,
        before={"session_id": training.id, "user_id": actor.user_id, "status": held.status},
    )
    return say(texts.REGISTRATION_CANCELLED.format(**named(training)))
