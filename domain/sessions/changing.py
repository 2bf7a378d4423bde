"""Changing a session's time, place or seats, and cancelling it; both raise an event, and the people registered
are told (domain/sessions/notices.py)."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.actor import Actor
from domain.clock import Clock, organization_zone
from domain.errors import Conflict, InvalidInput
from domain.messagebus import Context
from domain.models import SessionAttendance
from domain.models.enums import SessionStatus
from domain.replies import Reply, literal, say
from domain.sessions import texts
from domain.sessions.commands import CancelSession, ChangeSession
from domain.sessions.events import SessionCancelled, SessionChanged
from domain.sessions.finding import HOLDING_A_SEAT, find_session, label, require_manager, seats_taken
from domain.sessions.scheduling import place_of, start_of
from domain.sessions.times import parse_end, when


async def cancel_session(ctx: Context, command: CancelSession, clock: Clock) -> list[Reply]:
    """Cancel a session that has not ended; the registered keep their rows and are told (domain/sessions/notices)."""
    actor: Actor = ctx.actor
    training = await find_session(ctx.session, actor, command.reference, lock=True)
    require_manager(actor, training, "cancel sessions")
    reference = label(training.reference)
    if training.status == SessionStatus.CANCELLED:
        return say(texts.ALREADY_CANCELLED.format(reference=reference))
    if training.end_time <= clock.now():
        raise Conflict(texts.SESSION_ENDED.format(reference=reference))
    registered = await registered_people(ctx.session, training.id)
    before = training.status
    training.status = SessionStatus.CANCELLED
    ctx.uow.record(
        "training_session.cancelled",
        "training_session",
        training.id,
        before={"status": before},
        after={"status": SessionStatus.CANCELLED},
    )
    ctx.uow.emit(
        SessionCancelled(
            session_id=training.id,
            organization_id=actor.organization_id,
            registered_user_ids=registered,
            cancelled_by=actor.user_id,
        )
    )
    return say(texts.CANCELLED.format(reference=reference, title=literal(training.title)))


async def registered_people(session: AsyncSession, session_id: uuid.UUID) -> tuple[uuid.UUID, ...]:
    """The people holding a seat (registered or checked in)."""
    return tuple(
        await session.scalars(
            select(SessionAttendance.user_id).where(
                SessionAttendance.session_id == session_id, SessionAttendance.status.in_(HOLDING_A_SEAT)
            )
        )
    )


async def change_session(ctx: Context, command: ChangeSession, clock: Clock) -> list[Reply]:
    """Move a session that has not started, or change its place or seats (never below the seats taken)."""
    actor: Actor = ctx.actor
    training = await find_session(ctx.session, actor, command.reference, lock=True)
    require_manager(actor, training, "change sessions")
    reference, now = label(training.reference), clock.now()
    if training.status == SessionStatus.CANCELLED:
        raise Conflict(texts.ALREADY_CANCELLED.format(reference=reference))
    if training.end_time <= now:
        raise Conflict(texts.SESSION_ENDED.format(reference=reference))
    zone = await organization_zone(ctx.session, actor.organization_id)
    wanted: dict[str, object] = {}
    if command.start is not None or command.end is not None:
        if training.start_time <= now:
            raise Conflict(texts.CANNOT_MOVE_STARTED.format(reference=reference))
        start = start_of(command.start, zone, now) if command.start is not None else training.start_time
        end = (
            parse_end(command.end, start, zone)
            if command.end is not None
            else start + (training.end_time - training.start_time)
        )
        if end <= start:
            raise InvalidInput(texts.END_BEFORE_START.format(start=command.start or when(start, end, zone)))
        wanted |= {"start_time": start, "end_time": end}
    if command.place is not None:
        location, meeting_url = place_of(command.place)
        wanted |= {"location": location, "meeting_url": meeting_url}
    if command.capacity is not None:
        taken = await seats_taken(ctx.session, training.id)
        if command.capacity < taken:
            raise Conflict(texts.SEATS_BELOW_TAKEN.format(reference=reference, taken=taken))
        wanted["max_participants"] = command.capacity
    changes = {
        column: (getattr(training, column), value)
        for column, value in wanted.items()
        if getattr(training, column) != value
    }
    if not changes:
        return say(texts.NOTHING_CHANGED.format(reference=reference))
    for column, (_, value) in changes.items():
        setattr(training, column, value)
    ctx.uow.record(
        "training_session.changed",
        "training_session",
        training.id,
        before={column: before for column, (before, _) in changes.items()},
        after={column: after for column, (_, after) in changes.items()},
    )
    ctx.uow.emit(
        SessionChanged(
            session_id=training.id,
            organization_id=actor.organization_id,
            registered_user_ids=await registered_people(ctx.session, training.id),
            changes=changes,
            changed_by=actor.user_id,
        )
    )
    place = training.location or training.meeting_url
    seats = training.max_participants
    return say(
        texts.CHANGED.format(
            reference=reference,
            title=literal(training.title),
            when=when(training.start_time, training.end_time, zone),
            place=texts.PLACE_LINE.format(place=place) if place else "",
            seats=texts.SEATS_LINE.format(seats=seats) if seats else "",
        )
    )
