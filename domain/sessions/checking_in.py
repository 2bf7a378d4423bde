"""Checking in (the button while the session is open, or the code shown in the room) and checking out."""

from datetime import datetime

from domain.clock import Clock, organization_zone
from domain.errors import Conflict
from domain.messagebus import Context
from domain.models import SessionAttendance, TrainingSession
from domain.models.enums import AttendanceStatus, SessionStatus
from domain.replies import Button, Reply, say
from domain.sessions import texts
from domain.sessions.commands import CheckIn, CheckInWithCode, CheckOut
from domain.sessions.finding import attendance_of, find_by_code, find_session, label
from domain.sessions.registration import named, take_seat
from domain.sessions.times import check_in_opens, clock_time_of, day_and_time


async def require_open(ctx: Context, training: TrainingSession, now: datetime) -> None:
    """Refuse unless check-in is open: from 15 minutes before the start until the end, and not cancelled."""
    if training.status == SessionStatus.CANCELLED:
        raise Conflict(texts.IS_CANCELLED.format(**named(training)))
    if now >= training.end_time:
        raise Conflict(texts.ENDED.format(**named(training)))
    if now < check_in_opens(training.start_time):
        zone = await organization_zone(ctx.session, training.organization_id)
        raise Conflict(
            texts.NOT_OPEN_YET.format(opens=day_and_time(check_in_opens(training.start_time), zone), **named(training))
        )


async def check_in(ctx: Context, command: CheckIn, clock: Clock) -> list[Reply]:
    """Check in to a session I registered for, while it is open."""
    actor = ctx.actor
    training = await find_session(ctx.session, actor, command.reference, lock=True)
    now = clock.now()
    await require_open(ctx, training, now)
    held = await attendance_of(ctx.session, training.id, actor.user_id)
    if held is None:
        raise Conflict(texts.REGISTER_FIRST.format(**named(training)))
    return await attend(ctx, training, held, now)


async def check_in_with_code(ctx: Context, command: CheckInWithCode, clock: Clock) -> list[Reply]:
    """Check in with the code shown in the room; someone not registered takes a free seat on the way."""
    actor = ctx.actor
    training = await find_by_code(ctx.session, actor, command.code)
    now = clock.now()
    await require_open(ctx, training, now)
    held = await attendance_of(ctx.session, training.id, actor.user_id)
    if held is None:
        await take_seat(ctx, actor, training, checked_in_at=now)
        return await checked_in(ctx, training, now)
    return await attend(ctx, training, held, now)


async def attend(ctx: Context, training: TrainingSession, held: SessionAttendance, now: datetime) -> list[Reply]:
    zone = await organization_zone(ctx.session, training.organization_id)
    if held.status == AttendanceStatus.ATTENDED and held.check_in_time is not None:
        return say(texts.ALREADY_CHECKED_IN.format(time=clock_time_of(held.check_in_time, zone), **named(training)))
    before = held.status
    held.status, held.check_in_time = AttendanceStatus.ATTENDED, now
    ctx.uow.record(
        "session_attendance.checked_in",
        "session_attendance",
        held.id,
        before={"status": before},
        after={"status": AttendanceStatus.ATTENDED, "check_in_time": now},
    )
    return await checked_in(ctx, training, now)


async def checked_in(ctx: Context, training: TrainingSession, now: datetime) -> list[Reply]:
    zone = await organization_zone(ctx.session, training.organization_id)
    reference = label(training.reference)
    return say(
        texts.CHECKED_IN.format(time=clock_time_of(now, zone), **named(training)),
        Button(
            label=texts.CHECK_OUT_BUTTON.format(reference=reference), command=CheckOut(reference=training.reference)
        ),
    )


async def check_out(ctx: Context, command: CheckOut, clock: Clock) -> list[Reply]:
    """Check out of a session I checked in to, before it ends."""
    actor = ctx.actor
    training = await find_session(ctx.session, actor, command.reference, lock=True)
    now = clock.now()
    await require_open(ctx, training, now)
    held = await attendance_of(ctx.session, training.id, actor.user_id)
    if held is None or held.status != AttendanceStatus.ATTENDED or held.check_in_time is None:
        raise Conflict(texts.NOT_CHECKED_IN.format(**named(training)))
    zone = await organization_zone(ctx.session, training.organization_id)
    if held.check_out_time is not None:
        return say(texts.ALREADY_CHECKED_OUT.format(time=clock_time_of(held.check_out_time, zone), **named(training)))
    held.check_out_time = now
    ctx.uow.record("session_attendance.checked_out", "session_attendance", held.id, after={"check_out_time": now})
    return say(texts.CHECKED_OUT.format(time=clock_time_of(now, zone), **named(training)))
