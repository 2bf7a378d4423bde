"""Handing in attempts: mark them, write score and result, audit and raise the events. One statement per batch.

An attempt is submitted at now() or, when its deadline has passed, at the deadline: answers after it
never counted (they are refused), and time_taken (seconds) never exceeds the time limit.
"""

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from domain.assessments.events import AssessmentPassed, AttemptSubmitted
from domain.assessments.grading import Scored, score_attempt
from domain.assessments.loaded import LoadedAttempt
from domain.assessments.questions import AnyQuestion
from domain.events import Event
from domain.unit_of_work import UnitOfWork, jsonable

# Rows in, one UPDATE and the audit rows in the same statement; an attempt submitted meanwhile is left alone.
SUBMIT_ATTEMPTS = text("""
WITH marked AS (
    SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb))
        AS m(id uuid, answers jsonb, score numeric, is_passed boolean, organization_id uuid, actor_id uuid)
), submitted AS (
    UPDATE assessment_attempts a
    SET answers = m.answers, score = m.score, is_passed = m.is_passed,
        submitted_at = LEAST(now(), COALESCE((a.answers->>'deadline')::timestamptz, now())),
        time_taken = GREATEST(0, round(extract(epoch FROM
            LEAST(now(), COALESCE((a.answers->>'deadline')::timestamptz, now())) - a.started_at)))::int
    FROM marked m
    WHERE a.id = m.id AND a.submitted_at IS NULL
    RETURNING a.id, a.submitted_at, a.time_taken, now() > a.submitted_at AS timed_out
), audited AS (
    INSERT INTO audit_logs (organization_id, user_id, action, entity_type, entity_id, changes)
    SELECT m.organization_id, m.actor_id, 'attempt.submitted', 'assessment_attempt', s.id,
           jsonb_build_object('before', NULL, 'after', jsonb_build_object(
               'score', m.score, 'is_passed', m.is_passed, 'submitted_at', s.submitted_at,
               'time_taken', s.time_taken, 'timed_out', s.timed_out))
    FROM submitted s JOIN marked m ON m.id = s.id
)
SELECT id, timed_out FROM submitted
""")


@dataclass(frozen=True)
class Submitted:
    attempt: LoadedAttempt
    scored: Scored
    questions: list[AnyQuestion]
    timed_out: bool

    def events(self) -> list[Event]:
        """AttemptSubmitted, and AssessmentPassed when it passed (and counts: not superseded by a Recertify)."""
        ids = self.attempt.event_fields()
        s = self.scored
        events: list[Event] = [
            AttemptSubmitted(
                **ids, score=s.score, is_passed=s.is_passed, awaiting_grading=s.pending > 0, timed_out=self.timed_out
            )
        ]
        if s.is_passed and self.attempt.superseded_at is None:
            events.append(AssessmentPassed(**ids))
        return events


def mark(attempt: LoadedAttempt) -> tuple[Scored, list[AnyQuestion]]:
    questions = attempt.attempt_state().questions(attempt.question_set())
    return score_attempt(questions, attempt.state.get("answers") or [], attempt.passing_score), questions


def marked_row(attempt: LoadedAttempt, scored: Scored, actor_id: uuid.UUID | None) -> dict[str, Any]:
    return {
        "id": str(attempt.id),
        "answers": {**attempt.state, "answers": scored.entries},
        "score": None if scored.score is None else str(scored.score),
        "is_passed": scored.is_passed,
        "organization_id": str(attempt.organization_id),
        "actor_id": None if actor_id is None else str(actor_id),
    }


async def submit_attempts(
    uow: UnitOfWork, attempts: Sequence[LoadedAttempt], actor_id: uuid.UUID | None
) -> list[Submitted]:
    """Mark and hand in these (locked, unsubmitted) attempts; returns those this statement submitted."""
    if not attempts:
        return []
    marked = {attempt.id: (attempt, *mark(attempt)) for attempt in attempts}
    rows = [marked_row(attempt, scored, actor_id) for attempt, scored, _ in marked.values()]
    done = []
    for row in await uow.fetch(SUBMIT_ATTEMPTS, {"rows": json.dumps(jsonable(rows))}):
        attempt, scored, questions = marked[row.id]
        done.append(Submitted(attempt, scored, questions, bool(row.timed_out)))
    return done
