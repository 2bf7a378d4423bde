"""Reading review cards for the person acting, and saying when one comes back."""

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text

from domain.assessments.questions import AnyQuestion
from domain.nudges.asking import Asked
from domain.nudges.cards import askable, questions_of
from domain.unit_of_work import UnitOfWork

CARD_COLUMNS = """r.id, r.trainee_id, r.question_id, r.reps, r.fsrs_card, r.due_at, r.stopped_at,
    s.title, s.questions, s.settings"""

# One card, locked: its answer is counted once.
LOCK_CARD = text(f"""
SELECT {CARD_COLUMNS}
FROM review_cards r JOIN assessments s ON s.id = r.assessment_id
WHERE r.id = :id
FOR UPDATE OF r
""")

# The person's cards that may be asked, most overdue first (a dropped enrollment or archived course: none).
OWN_CARDS = text(f"""
SELECT {CARD_COLUMNS}
FROM review_cards r
JOIN assessments s ON s.id = r.assessment_id
JOIN enrollments e ON e.id = r.enrollment_id
JOIN courses c ON c.id = s.course_id
WHERE r.trainee_id = :user_id AND r.stopped_at IS NULL
  AND e.status <> 'dropped' AND c.status IS DISTINCT FROM 'archived'
ORDER BY r.due_at, r.question_id, r.id
LIMIT :limit
""")

STOP_CARDS = text(
    "UPDATE review_cards SET stopped_at = :now WHERE id = ANY(CAST(:ids AS uuid[])) AND stopped_at IS NULL RETURNING id"
)


def question_of(row: Any) -> AnyQuestion | None:
    """The card's question as stored now; None when it was removed or can no longer be asked in chat."""
    question = questions_of(row.questions).get(row.question_id)
    return question if question is not None and askable(question) else None


def asked(row: Any, question: AnyQuestion) -> Asked:
    return Asked(card_id=row.id, round=row.reps, title=row.title, question=question)


async def stop(uow: UnitOfWork, card_ids: list[uuid.UUID], now: datetime) -> None:
    """No more nudges about these cards (their questions are gone)."""
    if card_ids:
        await uow.fetch(STOP_CARDS, {"ids": card_ids, "now": now})


def when(due: datetime, now: datetime, zone: ZoneInfo) -> str:
    """'today', 'tomorrow', 'in 6 days (14 Dec 2026)': a card's next due day in the organization's zone."""
    day = due.astimezone(zone).date()
    days = (day - now.astimezone(zone).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days ({day.day} {day:%b %Y})"
