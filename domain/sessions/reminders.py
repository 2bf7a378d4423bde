"""Reminders before a live session starts, to everyone registered, through the delivery outbox.

A scheduled job (every minute, on pgqueuer's scheduler: one worker runs each tick) finds, across
organizations, the people registered for a session whose reminder is due (domain/sessions/reminder_rules.py:
the organization's reminder times, the nearest only, quiet hours) and enqueues one delivery each. Every
reminder exists at most once however often the job runs and however many workers run it: its delivery's
once_key names the session, the person, the start it was meant for and the minutes before it (a unique index,
ON CONFLICT DO NOTHING). The start is in the key, so a session that moves gets the reminders of its new start.

Who is reminded: a person whose attendance row is `registered` and not checked in (a cancelled seat is
deleted; absent and excused hold none; someone checked in is in the room already), active, who has not muted
the reminders of the session's course (`mute CODE`, domain/reminders/muting.py), for a session that is not
cancelled and has not started. A reminder whose time came before the person registered is not
sent (someone who signs up three hours before the start gets no "24 hours" reminder, only the 15-minute one).
The reminder shows the session's title, its start in the organization's time zone, the place or the meeting
link, and a Check in button once check-in is open (else Cancel my seat).
"""

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, text

from domain.clock import Clock, zone_of
from domain.delivery.once import OnceOutgoing, deliver_once
from domain.models import Organization, TrainingSession
from domain.models.delivery import DeliveryKind
from domain.models.enums import SessionStatus
from domain.quiet_hours import QuietHours, quiet_hours_of
from domain.reminders.muting import not_muted
from domain.replies import Reply
from domain.sessions.alerts import reminder_reply
from domain.sessions.reminder_rules import LONGEST_MINUTES, reminder_minutes, reminder_to_send
from domain.unit_of_work import UnitsOfWork

SESSION_REMINDERS = "session_start_reminders"
BATCH_SIZE = 2000
HORIZON = timedelta(minutes=LONGEST_MINUTES)
NOBODY = uuid.UUID(int=0)

# Per seat holder of a session starting soon: the reminders whose time has come (not before they registered),
# nearest first, unless the nearest was enqueued already. Pages by (start, session, person).
DUE = text(f"""
WITH rules AS MATERIALIZED (
    SELECT r.organization_id, r.minutes
    FROM jsonb_to_recordset(CAST(:rules AS jsonb)) AS r(organization_id uuid, minutes integer[])
)
SELECT s.id AS session_id, s.organization_id, s.reference, s.title, s.start_time, s.end_time, s.location,
       s.meeting_url, a.user_id, come.minutes, key.once_key
FROM rules r
JOIN training_sessions s ON s.organization_id = r.organization_id
JOIN session_attendances a ON a.session_id = s.id
JOIN users u ON u.id = a.user_id
CROSS JOIN LATERAL (
    SELECT array_agg(m ORDER BY m) AS minutes FROM unnest(r.minutes) AS m
    WHERE s.start_time - make_interval(mins => m) <= :now
      AND s.start_time - make_interval(mins => m) >= COALESCE(a.created_at, '-infinity')
) AS come
CROSS JOIN LATERAL (
    SELECT 'session-start:' || s.id || ':' || a.user_id || ':'
           || floor(extract(epoch FROM s.start_time))::bigint || ':' || come.minutes[1] AS once_key
) AS key
WHERE s.start_time > :now AND s.start_time <= :horizon AND s.status IS DISTINCT FROM 'cancelled'
  AND a.status = 'registered' AND a.check_in_time IS NULL AND u.is_active IS NOT FALSE
  AND come.minutes IS NOT NULL AND {not_muted("a.user_id", "s.course_id")}
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.once_key = key.once_key)
  AND (s.start_time, s.id, a.user_id)
      > (CAST(:after_start AS timestamptz), CAST(:after_session AS uuid), CAST(:after_user AS uuid))
ORDER BY s.start_time, s.id, a.user_id
LIMIT :limit
""")


@dataclass(frozen=True)
class Rules:
    """An organization's reminder times, quiet hours and time zone."""

    minutes: tuple[int, ...]
    quiet: QuietHours
    zone: ZoneInfo


def rules_of(settings: Mapping[str, Any]) -> Rules:
    return Rules(reminder_minutes(settings), quiet_hours_of(settings), zone_of(settings))


async def remind_session_starts(units: UnitsOfWork, clock: Clock, *, batch_size: int = BATCH_SIZE) -> int:
    """Enqueue the session reminders due at the clock's now; how many this call enqueued."""
    now = clock.now()
    rules = await organizations_with_sessions_soon(units, now)
    if not rules:
        return 0
    parameters: dict[str, Any] = {
        "rules": _rules_json(rules),
        "now": now,
        "horizon": now + HORIZON,
        "limit": batch_size,
        "after_start": datetime.min.replace(tzinfo=UTC),
        "after_session": NOBODY,
        "after_user": NOBODY,
    }
    total = 0
    while True:
        async with units.open(organization_id=None, as_owner=True) as uow:
            due = await uow.fetch(DUE, parameters)
            total += await deliver_once(uow, DeliveryKind.SESSION, sent_now(due, rules, now))
            await uow.commit()
        if len(due) < batch_size:
            return total
        last = due[-1]
        parameters |= {"after_start": last.start_time, "after_session": last.session_id, "after_user": last.user_id}


def sent_now(due: Sequence[Any], rules: Mapping[uuid.UUID, Rules], now: datetime) -> list[OnceOutgoing]:
    """The reminders of `due` that go out now (the others wait for the end of quiet hours); everyone registered
    for a session reads the same words, made once."""
    outgoing = []
    replies: dict[uuid.UUID, list[Reply]] = {}
    for row in due:
        rule = rules[row.organization_id]
        if reminder_to_send(row.start_time, row.minutes, rule.minutes, rule.quiet, now) is None:
            continue
        if row.session_id not in replies:
            replies[row.session_id] = [reminder_reply(row, rule.zone, now)]
        outgoing.append(OnceOutgoing(row.organization_id, row.user_id, replies[row.session_id], row.once_key))
    return outgoing


async def organizations_with_sessions_soon(units: UnitsOfWork, now: datetime) -> dict[uuid.UUID, Rules]:
    """The rules of each active organization with a session starting within the longest reminder time."""
    soon = (
        select(TrainingSession.id)
        .where(
            TrainingSession.organization_id == Organization.id,
            TrainingSession.start_time > now,
            TrainingSession.start_time <= now + HORIZON,
            TrainingSession.status.is_distinct_from(SessionStatus.CANCELLED),
        )
        .exists()
    )
    async with units.open(organization_id=None, as_owner=True) as uow:
        found = await uow.session.execute(
            select(Organization.id, Organization.settings).where(Organization.is_active.is_not(False), soon)
        )
        rows = found.all()
    return {row.id: rules_of(row.settings if isinstance(row.settings, Mapping) else {}) for row in rows}


def _rules_json(rules: Mapping[uuid.UUID, Rules]) -> str:
    return json.dumps(
        [{"organization_id": str(org), "minutes": list(rule.minutes)} for org, rule in rules.items() if rule.minutes]
    )
