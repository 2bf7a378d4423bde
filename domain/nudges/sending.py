"""The scheduled job that sends review nudges: for each person, their most overdue card, at most one a day.

It runs on pgqueuer's scheduler (bot/jobs.py: every 5 minutes, one process per tick), across organizations, as
the owner. An organization in its quiet hours (domain/quiet_hours.py) is left for a later tick, so its nudges wait
until the hours end. Nobody inactive, nobody who said `nudges off`, no card of a dropped enrollment, an archived
course or a course the person muted (`mute CODE`, domain/reminders/muting.py); nobody no delivery can reach (no
chat linked but the console, or every one unreachable: the card waits for them, and on the console `review` asks
it); and no card asked in the last week and not answered yet (its buttons expire then).

At most one a day per person, however often it runs and on however many workers: each nudge is a delivery whose
once_key names the person and the organization's calendar day (deliveries' unique index, migration 0015), and
the INSERT says ON CONFLICT DO NOTHING, so a second worker's insert waits for the first and adds nothing.
"""

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text

from domain.assessments.questions import AnyQuestion
from domain.clock import Clock, zone_of
from domain.delivery.outbox import LIKELY_PLATFORMS, entrypoint_for, job_payload
from domain.models.delivery import DeliveryKind
from domain.nudges.asking import Asked, nudge_reply
from domain.nudges.cards import askable, questions_of
from domain.nudges.loading import stop
from domain.quiet_hours import quiet_hours_of
from domain.reminders.muting import not_muted
from domain.unit_of_work import UnitOfWork, UnitsOfWork

REVIEW_NUDGES = "review_nudges"
NO_ONE = uuid.UUID(int=0)
BATCH_SIZE = 500
# A nudge left unanswered is sent again after this (its buttons expire after 7 days: adapters/chat/codec.py).
ASK_AGAIN_AFTER = timedelta(days=7)

ORGANIZATIONS_WITH_DUE_CARDS = text("""
SELECT o.id, o.settings FROM organizations o
WHERE EXISTS (SELECT 1 FROM review_cards r WHERE r.organization_id = o.id AND r.stopped_at IS NULL AND r.due_at <= :now)
""")

# Each person's most overdue card (narrow rows: the quizzes' questions are read once per quiz, by QUIZZES).
DUE = text(f"""
WITH open_organizations AS (
    SELECT * FROM jsonb_to_recordset(CAST(:organizations AS jsonb)) AS o(id uuid, day text)
)
SELECT DISTINCT ON (r.trainee_id)
       r.id, r.organization_id, r.trainee_id, r.assessment_id, r.question_id, r.reps,
       'review-nudge:' || r.trainee_id || ':' || o.day AS once_key
FROM review_cards r
JOIN open_organizations o ON o.id = r.organization_id
JOIN users u ON u.id = r.trainee_id
JOIN enrollments e ON e.id = r.enrollment_id
JOIN assessments s ON s.id = r.assessment_id
JOIN courses c ON c.id = s.course_id
WHERE r.stopped_at IS NULL AND r.due_at <= :now AND r.trainee_id > CAST(:after AS uuid)
  AND (r.asked_at IS NULL OR r.asked_at <= :asked_before)
  AND u.is_active IS NOT FALSE AND e.status <> 'dropped' AND c.status IS DISTINCT FROM 'archived'
  AND NOT EXISTS (SELECT 1 FROM nudge_opt_outs n WHERE n.user_id = r.trainee_id)
  AND {not_muted("r.trainee_id", "s.course_id")}
  AND EXISTS (SELECT 1 FROM chat_identities i
              WHERE i.user_id = r.trainee_id AND i.platform <> 'console' AND i.unreachable_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.once_key = 'review-nudge:' || r.trainee_id || ':' || o.day)
ORDER BY r.trainee_id, r.due_at, r.question_id, r.id
LIMIT :limit
""")
QUIZZES = text("SELECT id, title, questions FROM assessments WHERE id = ANY(CAST(:ids AS uuid[]))")


INSERT_ONCE = text("""
INSERT INTO deliveries (organization_id, user_id, kind, replies, once_key)
SELECT r.organization_id, r.user_id, :kind, r.replies, r.once_key
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(organization_id uuid, user_id uuid, replies jsonb, once_key text)
ON CONFLICT (once_key) WHERE once_key IS NOT NULL DO NOTHING
RETURNING id, user_id, organization_id, once_key
""")

MARK_ASKED = text("UPDATE review_cards SET asked_at = :now WHERE id = ANY(CAST(:ids AS uuid[])) RETURNING id")


async def open_organizations(uow: UnitOfWork, now: datetime) -> list[dict[str, str]]:
    """The organizations with due cards that are not in their quiet hours, each with its calendar day now."""
    found = []
    for row in await uow.fetch(ORGANIZATIONS_WITH_DUE_CARDS, {"now": now}):
        settings = row.settings if isinstance(row.settings, dict) else {}
        if not quiet_hours_of(settings).is_quiet(now):
            found.append({"id": str(row.id), "day": now.astimezone(zone_of(settings)).date().isoformat()})
    return found


async def send_due_nudges(units: UnitsOfWork, clock: Clock, *, batch_size: int = BATCH_SIZE) -> int:
    """Enqueue today's nudge for everyone with a due card (outside quiet hours); how many this call enqueued."""
    now = clock.now()
    total = 0
    after = NO_ONE  # people are taken in the order of their ids, a batch at a time
    while True:
        async with units.open(organization_id=None, as_owner=True) as uow:
            organizations = await open_organizations(uow, now)
            if not organizations:
                return total
            parameters = {
                "organizations": json.dumps(organizations),
                "now": now,
                "asked_before": now - ASK_AGAIN_AFTER,
                "limit": batch_size,
                "after": after,
            }
            due = await uow.fetch(DUE, parameters)
            quizzes = await uow.fetch(QUIZZES, {"ids": list({row.assessment_id for row in due})})
            asked = {quiz.id: (quiz.title, questions_of(quiz.questions)) for quiz in quizzes}
            rows, gone = nudges_of(due, asked)
            await stop(uow, gone, now)
            inserted = await uow.fetch(INSERT_ONCE, {"kind": DeliveryKind.NUDGE.value, "rows": json.dumps(rows)})
            card_of = {row["once_key"]: row["card_id"] for row in rows}
            await uow.fetch(MARK_ASKED, {"ids": [card_of[row.once_key] for row in inserted], "now": now})
            await enqueue(uow, inserted)
            await uow.commit()
        total += len(inserted)
        if gone:
            continue  # the same people again: whoever's card was stopped (its question gone) gets their next one
        if len(due) < batch_size:
            return total
        after = due[-1].trainee_id


def nudges_of(
    due: Sequence[Any], quizzes: Mapping[uuid.UUID, tuple[str, Mapping[str, AnyQuestion]]]
) -> tuple[list[dict[str, Any]], list[Any]]:
    """The deliveries to insert for the due cards (given each quiz's title and questions), and the cards whose
    question is gone (stopped instead)."""
    rows, gone = [], []
    for row in due:
        title, questions = quizzes[row.assessment_id]
        question = questions.get(row.question_id)
        if question is None or not askable(question):
            gone.append(row.id)
            continue
        card = Asked(card_id=row.id, round=row.reps, title=title, question=question)
        reply = nudge_reply(card)  # its buttons keep their commands: the sending backend writes them
        rows.append(
            {
                "organization_id": str(row.organization_id),
                "user_id": str(row.trainee_id),
                "replies": [reply.model_dump(mode="json")],
                "once_key": row.once_key,
                "card_id": str(row.id),
            }
        )
    return rows, gone


async def enqueue(uow: UnitOfWork, inserted: Sequence[Any]) -> None:
    """A pgqueuer job per new delivery, on the entrypoint of the platform it will likely go out on."""
    if not inserted:
        return
    likely = await uow.fetch(LIKELY_PLATFORMS, {"users": list({row.user_id for row in inserted})})
    platform_of = {found.user_id: found.platform for found in likely}
    jobs: dict[str, list[bytes]] = {}
    for row in inserted:
        jobs.setdefault(entrypoint_for(platform_of.get(row.user_id)), []).append(
            job_payload(row.organization_id, row.id)
        )
    for entrypoint, payloads in jobs.items():
        await uow.enqueue(entrypoint, payloads)
