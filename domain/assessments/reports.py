"""Figures for instructors: per assessment (attempts, pass rate, average score, share right per question)
and per course (enrolled, not started, in progress, completed, overdue, dropped). Shared by chat and CSV.

Submitted attempts count; pass rate and average score are over attempts with a score (essays graded).
A question's share is of the marked answers to it (unanswered counts as wrong; ungraded essays not at all).
Review nudges (domain/nudges): per question, how many trainees got it wrong in a passed attempt (its review cards)
and how many of them later answered it right in a nudge or `review`; the quiz's own figures never change.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assessments.questions import AnyQuestion, QuestionSet

ASSESSMENTS = text("""
SELECT s.id, s.title, s.questions,
       count(a.id) AS attempts, count(DISTINCT a.enrollment_id) AS trainees,
       count(a.score) AS scored, count(*) FILTER (WHERE a.is_passed) AS passed, round(avg(a.score), 2) AS average
FROM assessments s
LEFT JOIN assessment_attempts a ON a.assessment_id = s.id AND a.submitted_at IS NOT NULL
WHERE s.course_id = :course_id AND (CAST(:assessment_id AS uuid) IS NULL OR s.id = CAST(:assessment_id AS uuid))
GROUP BY s.id ORDER BY s.created_at, s.title
""")

QUESTIONS = text("""
SELECT a.assessment_id, entry->>'question_id' AS question_id,
       count(*) FILTER (WHERE jsonb_typeof(entry->'is_correct') = 'boolean') AS marked,
       count(*) FILTER (WHERE entry->'is_correct' = 'true'::jsonb) AS correct
FROM assessment_attempts a
JOIN assessments s ON s.id = a.assessment_id
CROSS JOIN LATERAL jsonb_array_elements(a.answers->'answers') AS entry
WHERE s.course_id = :course_id AND a.submitted_at IS NOT NULL
GROUP BY 1, 2
""")

REVIEWS = text("""
SELECT r.assessment_id, r.question_id, count(*) AS missed, count(r.first_right_at) AS later_right
FROM review_cards r JOIN assessments s ON s.id = r.assessment_id
WHERE s.course_id = :course_id
GROUP BY 1, 2
""")

COURSE = text("""
SELECT c.course_code, c.title,
       count(e.id) FILTER (WHERE e.status <> 'dropped') AS enrolled,
       count(e.id) FILTER (WHERE e.status = 'enrolled') AS not_started,
       count(e.id) FILTER (WHERE e.status = 'in_progress') AS in_progress,
       count(e.id) FILTER (WHERE e.status = 'completed') AS completed,
       count(e.id) FILTER (WHERE e.status IN ('enrolled', 'in_progress') AND e.due_date < now()) AS overdue,
       count(e.id) FILTER (WHERE e.status = 'dropped') AS dropped
FROM courses c LEFT JOIN enrollments e ON e.course_id = c.id
WHERE c.id = :course_id
GROUP BY c.id
""")


@dataclass(frozen=True)
class QuestionFigures:
    question_id: str
    question: str
    marked: int
    correct: int
    # Trainees who got it wrong in a passed attempt, and those of them who later answered it right in review.
    missed: int = 0
    later_right: int = 0

    @property
    def correct_share(self) -> Decimal | None:
        return None if not self.marked else (Decimal(100) * self.correct / self.marked).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class AssessmentFigures:
    assessment_id: uuid.UUID
    title: str
    attempts: int
    trainees: int
    scored: int
    passed: int
    average_score: Decimal | None
    questions: list[QuestionFigures]

    @property
    def missed(self) -> int:
        return sum(question.missed for question in self.questions)

    @property
    def later_right(self) -> int:
        return sum(question.later_right for question in self.questions)

    @property
    def pass_rate(self) -> Decimal | None:
        return None if not self.scored else (Decimal(100) * self.passed / self.scored).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class CourseFigures:
    course_code: str
    title: str
    enrolled: int
    not_started: int
    in_progress: int
    completed: int
    overdue: int
    dropped: int


async def assessment_figures(
    session: AsyncSession, course_id: uuid.UUID, assessment_id: uuid.UUID | None = None
) -> list[AssessmentFigures]:
    """Figures for the course's assessments (or the one given), questions in their authored order."""
    params = {"course_id": course_id, "assessment_id": assessment_id}
    rows = (await session.execute(ASSESSMENTS, params)).mappings().all()
    counts = {
        (row["assessment_id"], row["question_id"]): (row["marked"], row["correct"])
        for row in (await session.execute(QUESTIONS, {"course_id": course_id})).mappings()
    }
    reviews = {
        (row["assessment_id"], row["question_id"]): (row["missed"], row["later_right"])
        for row in (await session.execute(REVIEWS, {"course_id": course_id})).mappings()
    }
    figures = []
    for row in rows:
        questions = [
            QuestionFigures(
                q.id, q.question, *counts.get((row["id"], q.id), (0, 0)), *reviews.get((row["id"], q.id), (0, 0))
            )
            for q in authored(row["questions"])
        ]
        figures.append(
            AssessmentFigures(
                assessment_id=row["id"],
                title=row["title"],
                attempts=row["attempts"],
                trainees=row["trainees"],
                scored=row["scored"],
                passed=row["passed"],
                average_score=row["average"],
                questions=questions,
            )
        )
    return figures


async def course_figures(session: AsyncSession, course_id: uuid.UUID) -> CourseFigures:
    row = (await session.execute(COURSE, {"course_id": course_id})).mappings().one()
    return CourseFigures(**row)


def authored(raw: object) -> list[AnyQuestion]:
    """The questions as authored; none when they are stored broken (the figures still show the attempts)."""
    try:
        return list(QuestionSet.model_validate(raw).questions)
    except ValidationError:
        return []
