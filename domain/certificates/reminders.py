"""Reminders before a certificate expires (by default 30 and 7 days before), through the delivery outbox.

A scheduled job (adapters/delivery/worker.py runs it on pgqueuer's scheduler) finds the certificates whose
reminder is due, across organizations, and enqueues one delivery each. Every reminder exists at most once
however often the job runs and however many workers run it: its delivery carries a once_key naming the
certificate and the days (a unique index, migration 0015), and the INSERT says ON CONFLICT DO NOTHING, so a
second worker's insert waits for the first and adds nothing. Only the nearest due reminder is sent (a job
that did not run for a while does not send the 30-day one after the 7-day one), none that would have been due
before the certificate was issued, none for a revoked certificate, an expired one, an inactive holder, or one
already followed by a newer certificate of the same course. Its "Recertify" button starts the course again.
"""

import json
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from domain.certificates import texts
from domain.certificates.commands import Recertify
from domain.certificates.links import Links
from domain.delivery.outbox import LIKELY_PLATFORMS, entrypoint_for, job_payload
from domain.models.delivery import DeliveryKind
from domain.replies import Button, Link, Reply, literal
from domain.unit_of_work import UnitsOfWork

DEFAULT_DAYS = (30, 7)
CERTIFICATE_REMINDERS = "certificate_expiry_reminders"
BATCH_SIZE = 500

# The organization's settings.certificate_reminder_days (a JSON array of whole days), else the default.
THRESHOLDS = """COALESCE(
    (SELECT array_agg(CAST(v AS integer)) FROM jsonb_array_elements_text(
        CASE WHEN jsonb_typeof(o.settings -> 'certificate_reminder_days') = 'array'
             THEN o.settings -> 'certificate_reminder_days' END) AS v
     WHERE v ~ '^[0-9]{1,4}$'),
    CAST(:default_days AS integer[]))"""
DUE = text(f"""
SELECT c.id, c.organization_id, e.trainee_id, co.title, co.course_code, c.expires_at,
       c.verification_token AS token, c.certificate_number AS number, due.days
FROM certificates c
JOIN enrollments e ON e.id = c.enrollment_id
JOIN courses co ON co.id = e.course_id
JOIN organizations o ON o.id = c.organization_id
JOIN users u ON u.id = e.trainee_id
CROSS JOIN LATERAL (
    SELECT min(n) AS days FROM unnest({THRESHOLDS}) AS n
    WHERE n > 0 AND c.expires_at - make_interval(days => n) <= :now
      AND c.expires_at - make_interval(days => n) >= c.issued_at
) AS due
WHERE c.revoked_at IS NULL AND c.is_valid AND c.expires_at > :now AND due.days IS NOT NULL
  AND u.is_active IS NOT FALSE
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.once_key = 'certificate-expiry:' || c.id || ':' || due.days)
  AND NOT EXISTS (
      SELECT 1 FROM certificates n JOIN enrollments ne ON ne.id = n.enrollment_id
      WHERE ne.trainee_id = e.trainee_id AND ne.course_id = e.course_id AND n.revoked_at IS NULL
        AND n.issued_at > c.issued_at)
ORDER BY c.expires_at, c.id
LIMIT :limit
""")
INSERT_ONCE = text("""
INSERT INTO deliveries (organization_id, user_id, kind, replies, once_key)
SELECT r.organization_id, r.user_id, :kind, r.replies, r.once_key
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(organization_id uuid, user_id uuid, replies jsonb, once_key text)
ON CONFLICT (once_key) WHERE once_key IS NOT NULL DO NOTHING
RETURNING id, user_id, organization_id
""")


@dataclass(frozen=True)
class ReminderSettings:
    links: Links
    days: Sequence[int] = DEFAULT_DAYS


def once_key(certificate_id: uuid.UUID, days: int) -> str:
    return f"certificate-expiry:{certificate_id}:{days}"


def reminder_reply(row: Any, links: Links, now: datetime) -> Reply:
    url = links.page(row.token)
    days_left = max(1, math.ceil((row.expires_at - now) / timedelta(days=1)))
    words = texts.EXPIRES_SOON.format(
        title=literal(row.title), number=row.number, date=f"{row.expires_at:%Y-%m-%d}", days=days_left, url=url
    )
    recertify = Button(label=texts.RECERTIFY, command=Recertify(course_code=row.course_code), style="primary")
    return Reply(text=words, buttons=[recertify], link=Link(label=texts.VIEW, url=url))


async def remind_expiring_certificates(
    units: UnitsOfWork, settings: ReminderSettings, *, now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> int:
    """Enqueue the reminders due at `now` (the database's clock is not used, so tests can move time);
    returns how many this call enqueued."""
    moment = now or datetime.now(UTC)
    total = 0
    while True:
        async with units.open(organization_id=None, as_owner=True) as uow:
            parameters = {"now": moment, "default_days": list(settings.days), "limit": batch_size}
            due = await uow.fetch(DUE, parameters)
            if not due:
                return total
            rows = [
                {
                    "organization_id": str(row.organization_id),
                    "user_id": str(row.trainee_id),
                    "replies": [reminder_reply(row, settings.links, moment).model_dump(mode="json")],
                    "once_key": once_key(row.id, row.days),
                }
                for row in due
            ]
            inserted = await uow.fetch(INSERT_ONCE, {"kind": DeliveryKind.CERTIFICATE.value, "rows": json.dumps(rows)})
            likely = await uow.fetch(LIKELY_PLATFORMS, {"users": list({row.user_id for row in inserted})})
            platform_of = {found.user_id: found.platform for found in likely}
            jobs: dict[str, list[bytes]] = {}
            for row in inserted:
                entrypoint = entrypoint_for(platform_of.get(row.user_id))
                jobs.setdefault(entrypoint, []).append(job_payload(row.organization_id, row.id))
            for entrypoint, payloads in jobs.items():
                await uow.enqueue(entrypoint, payloads)
            await uow.commit()
        total += len(inserted)
        if len(due) < batch_size or not inserted:
            return total
