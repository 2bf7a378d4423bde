"""Reminders of a course's due date: before it (by default 3 days and 1 day before) and after it has passed
(then, and every 3 days), at most 4 for one due date, through the delivery outbox.

A scheduled job (bot/jobs.py, every minute) plans them: across organizations, the open (enrolled or in
progress) assigned enrollments with a due date, of active people in published courses, not muted by their
trainee. Each enrollment's reminder times ("slots") follow from its due date and its organization's rules
(domain/reminders/rules.py); the job sends the latest slot that has come, if nobody sent it yet and the
enrollment has had fewer reminders than the maximum. So a job that did not run for a while sends one reminder,
not the ones it missed; a before-slot that came before the enrollment was made (assigned two days before the
due date) is skipped; an enrollment found overdue, even one written straight into the table, is reminded at once.

Quiet hours (domain/quiet_hours.py): an organization in its quiet hours is not planned at all; its reminders
are planned at the first run after they end (08:00 local by default). Deciding then, rather than enqueueing the
delivery with `after` set to the end of the quiet hours, means that a course completed, dropped or muted during
the night gets no reminder in the morning, and what the reminder says (how long is left) is true when it
arrives; the cost is that the reminders held overnight go out together when the quiet hours end, at the
platform's rate.

Each reminder is enqueued at most once however often the job runs and however many workers run it: its
delivery's once_key names the enrollment, the due date and the slot (`due-date:<enrollment>:<epoch>:<slot>`;
a unique index, migration 0015) and the INSERT says ON CONFLICT DO NOTHING. A new due date starts afresh.
"""

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, text

from domain.clock import Clock, zone_of
from domain.delivery.outbox import LIKELY_PLATFORMS, entrypoint_for, job_payload
from domain.learning import texts as learning_texts
from domain.learning.commands import ContinueCourse
from domain.models import Organization
from domain.models.delivery import DeliveryKind
from domain.quiet_hours import quiet_hours_of
from domain.reminders import texts
from domain.reminders.commands import MuteCourse
from domain.reminders.muting import NOT_MUTED
from domain.reminders.rules import DueReminderRules, due_reminder_rules
from domain.replies import Button, Reply, literal
from domain.unit_of_work import UnitOfWork, UnitsOfWork

DUE_DATE_REMINDERS = "due_date_reminders"
BATCH_SIZE = 5000
ONCE_PREFIX = "due-date"

# The organizations' rules come in as rows; for each open assigned enrollment with a due date within reach, the
# latest slot that has come; kept when nobody sent it and the enrollment is under its maximum.
DUE = text(f"""
WITH rules AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset(CAST(:rules AS jsonb))
        AS r(organization_id uuid, days_before integer[], every_days integer, max_count integer)
), candidates AS (
    SELECT e.id, e.organization_id, e.trainee_id, e.due_date, e.created_at, c.course_code, c.title,
           r.days_before, r.every_days, r.max_count,
           '{ONCE_PREFIX}:' || e.id || ':' || floor(extract(epoch FROM e.due_date))::bigint || ':' AS once_prefix
    FROM enrollments e
    JOIN rules r ON r.organization_id = e.organization_id
    JOIN courses c ON c.id = e.course_id
    JOIN users u ON u.id = e.trainee_id
    WHERE e.due_date IS NOT NULL AND e.status IN ('enrolled', 'in_progress') AND e.due_date <= :horizon
      AND e.enrollment_type IN ('assigned', 'bulk') AND c.status = 'published' AND u.is_active IS NOT FALSE
      AND r.max_count > 0 AND {NOT_MUTED}
), due AS (
    SELECT c.*, s.slot, s.at
    FROM candidates c
    CROSS JOIN LATERAL (
        SELECT slot, at FROM (
            SELECT 'before-' || n AS slot, c.due_date - make_interval(days => n) AS at
            FROM unnest(c.days_before) AS n
            WHERE CAST(:now AS timestamptz) < c.due_date AND c.due_date - make_interval(days => n) >= c.created_at
            UNION ALL
            SELECT 'overdue-' || k, c.due_date + make_interval(days => k * c.every_days)
            FROM (SELECT floor(extract(epoch FROM CAST(:now AS timestamptz) - c.due_date)
                               / (86400.0 * nullif(c.every_days, 0)))::integer AS k) o
            WHERE c.every_days > 0 AND CAST(:now AS timestamptz) >= c.due_date
        ) slots
        WHERE at <= CAST(:now AS timestamptz)
        ORDER BY at DESC
        LIMIT 1
    ) s
)
SELECT d.id, d.organization_id, d.trainee_id, d.due_date, d.course_code, d.title, d.slot,
       d.once_prefix || d.slot AS once_key
FROM due d
WHERE NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.once_key = d.once_prefix || d.slot)
  AND (SELECT count(*) FROM deliveries x
       WHERE split_part(x.once_key, ':', 2) = d.id::text AND starts_with(x.once_key, d.once_prefix)) < d.max_count
ORDER BY d.due_date, d.id
LIMIT :limit
""")
INSERT_ONCE = text("""
INSERT INTO deliveries (organization_id, user_id, kind, replies, once_key)
SELECT r.organization_id, r.user_id, :kind, jsonb_build_array(CAST(:replies AS jsonb) -> r.reply), r.once_key
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(organization_id uuid, user_id uuid, reply integer, once_key text)
ON CONFLICT (once_key) WHERE once_key IS NOT NULL DO NOTHING
RETURNING id, user_id, organization_id
""")


@dataclass(frozen=True)
class Planned:
    """The organizations whose reminders may go out now (not in their quiet hours), with their rules."""

    rules: dict[uuid.UUID, DueReminderRules]
    zones: dict[uuid.UUID, ZoneInfo]

    def rows(self) -> str:
        return json.dumps(
            [
                {
                    "organization_id": str(organization),
                    "days_before": list(rule.days_before),
                    "every_days": rule.overdue_every_days,
                    "max_count": rule.max_count,
                }
                for organization, rule in self.rules.items()
            ]
        )

    def horizon(self, now: datetime) -> datetime:
        """No enrollment due later than this has a reminder that has come."""
        longest = max((max(rule.days_before, default=0) for rule in self.rules.values()), default=0)
        return now + timedelta(days=longest)


def open_now(organizations: Sequence[tuple[uuid.UUID, Mapping[str, Any] | None]], now: datetime) -> Planned:
    """The organizations out of their quiet hours at `now`, with their rules and zones."""
    rules, zones = {}, {}
    for organization, settings in organizations:
        found = settings if isinstance(settings, Mapping) else {}
        if quiet_hours_of(found).is_quiet(now):
            continue
        rules[organization] = due_reminder_rules(found)
        zones[organization] = zone_of(found)
    return Planned(rules, zones)


def reminder_text(row: Any, zone: ZoneInfo, now: datetime) -> str:
    named = {"title": literal(row.title), "code": row.course_code, "due": texts.due_words(row.due_date, zone)}
    if row.slot.startswith("before-"):
        return texts.BEFORE.format(**named, left=texts.time_left(row.due_date - now))
    return texts.OVERDUE.format(**named)


def reminder_reply(course_code: str, words: str) -> Reply:
    go_on = Button(label=learning_texts.CONTINUE, command=ContinueCourse(course_code=course_code), style="primary")
    mute = Button(label=texts.MUTE, command=MuteCourse(course_code=course_code))
    return Reply(text=words, buttons=[go_on, mute])


@dataclass
class DistinctReplies:
    """The replies of one batch, each made once: a department assigned one course with one due date reads the
    same reminder, so thousands of rows share a few replies (sent once to the database, referenced by index)."""

    index: dict[tuple[str, str], int] = field(default_factory=dict)
    dumped: list[dict[str, Any]] = field(default_factory=list)

    def of(self, course_code: str, words: str) -> int:
        key = (course_code, words)
        if key not in self.index:
            self.index[key] = len(self.dumped)
            self.dumped.append(reminder_reply(course_code, words).model_dump(mode="json"))
        return self.index[key]


async def _enqueue(uow: UnitOfWork, inserted: Sequence[Any]) -> None:
    """Jobs for deliveries of several organizations (the job runs as the owner, in no tenant)."""
    likely = await uow.fetch(LIKELY_PLATFORMS, {"users": list({row.user_id for row in inserted})})
    platform_of = {found.user_id: found.platform for found in likely}
    jobs: dict[str, list[bytes]] = {}
    for row in inserted:
        jobs.setdefault(entrypoint_for(platform_of.get(row.user_id)), []).append(
            job_payload(row.organization_id, row.id)
        )
    for entrypoint, payloads in jobs.items():
        await uow.enqueue(entrypoint, payloads)


async def _organizations(uow: UnitOfWork) -> list[tuple[uuid.UUID, Any]]:
    found = await uow.session.execute(
        select(Organization.id, Organization.settings).where(Organization.is_active.is_not(False))
    )
    return [(row.id, row.settings) for row in found]


async def remind_due_dates(units: UnitsOfWork, clock: Clock, *, batch_size: int = BATCH_SIZE) -> int:
    """Enqueue the due-date reminders due at the clock's time; how many this call enqueued."""
    now = clock.now()
    async with units.open(organization_id=None, as_owner=True) as uow:
        planned = open_now(await _organizations(uow), now)
    if not planned.rules:
        return 0
    parameters = {"rules": planned.rows(), "now": now, "horizon": planned.horizon(now), "limit": batch_size}
    total = 0
    while True:
        async with units.open(organization_id=None, as_owner=True) as uow:
            due = await uow.fetch(DUE, parameters)
            if not due:
                return total
            replies = DistinctReplies()
            rows = [
                {
                    "organization_id": str(row.organization_id),
                    "user_id": str(row.trainee_id),
                    "reply": replies.of(row.course_code, reminder_text(row, planned.zones[row.organization_id], now)),
                    "once_key": row.once_key,
                }
                for row in due
            ]
            written = {
                "kind": DeliveryKind.REMINDER.value,
                "rows": json.dumps(rows),
                "replies": json.dumps(replies.dumped),
            }
            inserted = await uow.fetch(INSERT_ONCE, written)
            await _enqueue(uow, inserted)
            await uow.commit()
        total += len(inserted)
        if len(due) < batch_size or not inserted:
            return total
