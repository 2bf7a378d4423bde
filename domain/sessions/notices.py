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
from datetime import datetime, timedelta

from sqlalchemy import text

from domain.clock import Clock, organization_settings, zone_of
from domain.delivery.outbox import Outgoing, deliver
from domain.messagebus import Context
from domain.models import TrainingSession
from domain.models.delivery import DeliveryKind
from domain.quiet_hours import QuietHours, quiet_hours_of
from domain.replies import Reply
from domain.sessions import texts
from domain.sessions.alerts import cancel_notice, change_notice, told
from domain.sessions.events import SessionCancelled, SessionChanged

# A session this close (after quiet hours end) is told at once, quiet or not.
URGENT_WITHIN = timedelta(hours=24)
# The session's reminders not yet picked up by a worker (a worker re-reads the status before it sends); the
# session is the key's second part (indexed, migration 0016).
WITHDRAW_REMINDERS = text("""
UPDATE deliveries SET status = 'withdrawn'
WHERE split_part(once_key, ':', 2) = :session AND once_key LIKE 'session-start:%' AND status = 'queued'
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
    notice = cancel_notice(training, zone)
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
