"""Review cards are made when an attempt passes: one per question it got wrong that chat can ask again.

The handler of AssessmentPassed runs in the transaction that passed the attempt (a trainee handing in, a
grader's last essay grade, the job that hands in expired attempts). It reads the attempt's marked answers, so a
quiz written straight into the tables by SQL works as one imported: questions are keyed by their "id" in
assessments.questions. Essays are left out (a person grades them). A card that exists already (a question missed
again in a later passing attempt) keeps its schedule.
"""

import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy import text

from domain.assessments.events import AssessmentPassed
from domain.assessments.questions import AnyQuestion, Essay, QuestionSet
from domain.clock import Clock
from domain.messagebus import Context, EventHandler
from domain.nudges.schedule import first_review

PASSED_ATTEMPT = text("""
SELECT a.answers -> 'answers' AS entries, s.questions
FROM assessment_attempts a JOIN assessments s ON s.id = a.assessment_id
WHERE a.id = :attempt_id AND a.is_passed
""")

ADD_CARDS = text("""
INSERT INTO review_cards (organization_id, trainee_id, enrollment_id, assessment_id, question_id, fsrs_card,
                          due_at, last_rating, last_reviewed_at)
SELECT :organization_id, :trainee_id, :enrollment_id, :assessment_id, c.question_id, c.fsrs_card,
       c.due_at, c.last_rating, c.last_reviewed_at
FROM jsonb_to_recordset(CAST(:cards AS jsonb))
     AS c(question_id text, fsrs_card jsonb, due_at timestamptz, last_rating smallint, last_reviewed_at timestamptz)
ON CONFLICT (trainee_id, assessment_id, question_id) DO NOTHING
RETURNING id, question_id
""")


def askable(question: AnyQuestion) -> bool:
    """Whether chat can ask the question again and mark the answer by itself."""
    return not isinstance(question, Essay)


def questions_of(raw: Any) -> dict[str, AnyQuestion]:
    """The stored questions by id; none when they are stored broken (such a quiz could not be marked)."""
    try:
        return {question.id: question for question in QuestionSet.model_validate(raw).questions}
    except ValidationError:
        return {}


def missed(entries: Any, questions: Mapping[str, AnyQuestion]) -> list[str]:
    """The ids of the questions the attempt got wrong that chat can ask again, in the attempt's order."""
    wrong = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("is_correct") is not False:
            continue
        question = questions.get(str(entry.get("question_id")))
        if question is not None and askable(question) and question.id not in wrong:
            wrong.append(question.id)
    return wrong


def assessment_passed_handler(clock: Clock) -> EventHandler:
    async def make_review_cards(ctx: Context, event: AssessmentPassed) -> None:
        """A card for every question the passed attempt got wrong, first due when fsrs says."""
        row = await ctx.uow.fetch_one(PASSED_ATTEMPT, {"attempt_id": event.attempt_id})
        if row is None:
            return
        wrong = missed(row.entries, questions_of(row.questions))
        if not wrong:
            return
        reviewed = first_review(clock.now())
        cards = [
            {
                "question_id": question_id,
                "fsrs_card": reviewed.card,
                "due_at": reviewed.due_at.isoformat(),
                "last_rating": int(reviewed.rating),
                "last_reviewed_at": reviewed.card["last_review"],
            }
            for question_id in wrong
        ]
        made = await ctx.uow.fetch(
            ADD_CARDS,
            {
                "organization_id": event.organization_id,
                "trainee_id": event.trainee_id,
                "enrollment_id": event.enrollment_id,
                "assessment_id": event.assessment_id,
                "cards": json.dumps(cards),
            },
        )
        if made:
            ctx.uow.record(
                "review_cards.created",
                "assessment_attempt",
                event.attempt_id,
                after={"question_ids": [card.question_id for card in made]},
                organization_id=event.organization_id,
            )

    return make_review_cards
