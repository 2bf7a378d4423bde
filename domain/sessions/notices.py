"""The people registered for a session hear of its change or cancellation: a delivery each, enqueued in the
transaction of the change (handlers of SessionChanged and SessionCancelled).

Everyone holding a seat is told, except whoever made the change (who gets a reply saying how many were told).
A reminder of the session still waiting in the outbox (queued behind the rate limit) is withdrawn when the
session is cancelled or moved: it would name a time that no longer holds.
A change says what changed, before -> after (time, place, seats), with Cancel my seat while the session has
not started; a cancellation says it is cancelled. Quiet hours (domain/quiet_hours.py) hold a notice until they
end only when the session (its old or its new start) is more than 24 hours after they end: a session within
24 hours, or one that would start before the quiet hours end, is told at once, quiet or not.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import text

from domain.clock import Clock, local_time, organization_settings, zone_of
from domain.delivery.outbox import Outgoing, deliver
from domain.messagebus import Context
from domain.models import TrainingSession
from domain.models.delivery import DeliveryKind
from domain.quiet_hours import QuietHours, quiet_hours_of
from domain.replies import Button, Reply, literal
from domain.sessions import texts
from domain.sessions.events import SessionCancelled, SessionChanged
from domain.sessions.finding import label
from domain.sessions.reminders import meeting_link
from domain.sessions.times import when

# A session this close (after quiet hours end) is told at once, quiet or not.
URGENT_WITHIN = timedelta(hours=24)
# The session's reminders not yet picked up by a worker (a worker re-reads the status before it sends).
WITHDRAW_REMINDERS = text("""
UPDATE deliveries SET status = 'withdrawn'
WHERE kind = 'session' AND status = 'queued' AND once_key LIKE 'session-start:' || CAST(:session AS text) || ':%'
RETURNING id
""")


async def session_changed(ctx: Context, event: SessionChanged, clock: Clock) -> None:
    training = await _session(ctx, event.session_id)
    people = [person for person in event.registered_user_ids if person != event.changed_by]
    settings = await organization_settings(ctx.session, event.organization_id)
    zone, now = zone_of(settings), clock.now()
    notice = change_notice(training, event.changes, zone, now)
    old_start = event.changes.get("start_time", (training.start_time, None))[0]
    soonest = min(training.start_time, old_start) if isinstance(old_start, datetime) else training.start_time
    held = held_until(quiet_hours_of(settings), now, soonest)
    if "start_time" in event.changes:
        await ctx.uow.fetch(WITHDRAW_REMINDERS, {"session": str(event.session_id)})
    await _tell(ctx, people, notice, now, held)
    ctx.followups.append(told(texts.TOLD_CHANGED, training, len(people), held, zone))


async def session_cancelled(ctx: Context, event: SessionCancelled, clock: Clock) -> None:
    training = await _session(ctx, event.session_id)
    people = [person for person in event.registered_user_ids if person != event.cancelled_by]
    settings = await organization_settings(ctx.session, event.organization_id)
    zone, now = zone_of(settings), clock.now()
    notice = Reply(
        text=texts.CANCEL_NOTICE.format(
            reference=label(training.reference),
            title=literal(training.title),
            when=when(training.start_time, training.end_time, zone),
        ),
        buttons=[Button(label=texts.UPCOMING_SESSIONS, action="sessions")],
    )
    held = held_until(quiet_hours_of(settings), now, training.start_time)
    await ctx.uow.fetch(WITHDRAW_REMINDERS, {"session": str(event.session_id)})
    await _tell(ctx, people, notice, now, held)
    ctx.followups.append(told(texts.TOLD_CANCELLED, training, len(people), held, zone))


async def _session(ctx: Context, session_id: uuid.UUID) -> TrainingSession:
    training = await ctx.session.get(TrainingSession, session_id)
    assert training is not None  # the change that raised the event holds its row
    return training


async def _tell(ctx: Context, people: Sequence[uuid.UUID], notice: Reply, now: datetime, held: datetime | None) -> None:
    after = held - now if held is not None else None
    await deliver(ctx.uow, DeliveryKind.SESSION, [Outgoing(person, [notice]) for person in people], after=after)


def held_until(quiet: QuietHours, now: datetime, soonest_start: datetime) -> datetime | None:
    """When quiet hours hold a notice: until they end, if the session is more than 24 hours after that; else None."""
    if not quiet.is_quiet(now):
        return None
    opens = quiet.next_open(now)
    if soonest_start - opens <= URGENT_WITHIN:
        return None
    return opens


def change_notice(
    training: TrainingSession, changes: dict[str, tuple[object, object]], zone: tzinfo, now: datetime
) -> Reply:
    """What changed, before -> after, for the people registered."""

    def before(column: str) -> object:
        return changes[column][0] if column in changes else getattr(training, column)

    lines = []
    if "start_time" in changes or "end_time" in changes:
        old_start, old_end = before("start_time"), before("end_time")
        assert isinstance(old_start, datetime)
        assert isinstance(old_end, datetime)
        lines.append(
            texts.CHANGED_TIME.format(
                before=when(old_start, old_end, zone), after=when(training.start_time, training.end_time, zone)
            )
        )
    if "location" in changes or "meeting_url" in changes:
        old_place = before("location") or before("meeting_url")
        new_place = training.location or training.meeting_url
        lines.append(
            texts.CHANGED_PLACE.format(
                before=literal(old_place) if old_place else texts.NO_PLACE,
                after=literal(new_place) if new_place else texts.NO_PLACE,
            )
        )
    if "max_participants" in changes:
        old_seats = before("max_participants")
        lines.append(
            texts.CHANGED_SEATS.format(
                before=old_seats or texts.NO_LIMIT, after=training.max_participants or texts.NO_LIMIT
            )
        )
    reference = label(training.reference)
    buttons = []
    if now < training.start_time:
        buttons.append(Button(label=texts.CANCEL_MY_SEAT, action=f"rsvp cancel {reference}"))
    return Reply(
        text=texts.CHANGE_NOTICE.format(reference=reference, title=literal(training.title), lines="".join(lines)),
        buttons=buttons,
        link=meeting_link(training.meeting_url),
    )


def told(words: str, training: TrainingSession, count: int, held: datetime | None, zone: tzinfo) -> Reply:
    """The reply to whoever made the change: how many were told, and when if quiet hours hold it."""
    reference = label(training.reference)
    if count == 0:
        return Reply(text=texts.TOLD_NOBODY.format(reference=reference))
    people = texts.ONE_PERSON_REGISTERED if count == 1 else texts.PEOPLE_REGISTERED.format(count=count)
    wait = texts.HELD_FOR_QUIET_HOURS.format(time=local_time(held, zone)) if held is not None else ""
    return Reply(text=words.format(people=people, held=wait))
