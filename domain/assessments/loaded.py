"""An attempt as the handlers work with it: the row, its assessment and whose it is, read in one query."""

import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from pydantic import ValidationError
from sqlalchemy import text

from domain.assessments import texts
from domain.assessments.attempt_state import AttemptState
from domain.assessments.questions import AnyQuestion, QuestionSet
from domain.assessments.settings import AssessmentSettings, parse_settings
from domain.errors import Conflict, InvalidInput
from domain.unit_of_work import UnitOfWork

# The columns every attempt query returns, over assessment_attempts a, assessments s, enrollments e, courses c.
# round_number: the attempt's number in its round, counted afresh after each Recertify (migration 0020), as
# max_attempts counts; the attempts of earlier rounds were superseded before this one's round began.
ATTEMPT_COLUMNS = """
    a.id, a.attempt_number, a.attempt_number - (
        SELECT coalesce(max(o.attempt_number), 0) FROM assessment_attempts o
        WHERE o.enrollment_id = a.enrollment_id AND o.assessment_id = a.assessment_id
          AND o.superseded_at < coalesce(a.superseded_at, 'infinity')) AS round_number,
    a.answers AS state, a.started_at, a.submitted_at, a.superseded_at, a.score, a.is_passed, a.feedback,
    (a.answers->>'deadline')::timestamptz AS deadline, now() AS now,
    s.id AS assessment_id, s.title, s.questions, md5(s.questions::text) AS questions_digest, s.settings,
    s.max_attempts, s.passing_score,
    e.id AS enrollment_id, e.trainee_id,
    c.id AS course_id, c.organization_id, c.instructor_id, c.status AS course_status
"""


def attempt_joins(attempts: str = "assessment_attempts") -> str:
    """The FROM clause for ATTEMPT_COLUMNS over `attempts` (the table, or a CTE of rows just inserted) as a."""
    return f"""
    FROM {attempts} a
    JOIN assessments s ON s.id = a.assessment_id
    JOIN enrollments e ON e.id = a.enrollment_id
    JOIN courses c ON c.id = s.course_id
"""


ATTEMPT_JOINS = attempt_joins()
LOAD_ATTEMPT = text(f"SELECT {ATTEMPT_COLUMNS} {ATTEMPT_JOINS} WHERE a.id = :attempt_id FOR UPDATE OF a")


@dataclass(frozen=True)
class LoadedAttempt:
    id: uuid.UUID
    attempt_number: int
    round_number: int
    state: dict[str, Any]
    started_at: datetime
    submitted_at: datetime | None
    superseded_at: datetime | None
    deadline: datetime | None
    now: datetime
    assessment_id: uuid.UUID
    title: str
    questions: dict[str, Any]
    questions_digest: str
    settings: dict[str, Any]
    max_attempts: int | None
    passing_score: int | None
    enrollment_id: uuid.UUID
    trainee_id: uuid.UUID
    course_id: uuid.UUID
    organization_id: uuid.UUID
    instructor_id: uuid.UUID
    course_status: str | None
    feedback: str | None

    @classmethod
    def from_row(cls, row: Any, state: dict[str, Any] | None = None) -> "LoadedAttempt":
        fields = {name: row[name] for name in cls.__dataclass_fields__ if name != "state"}
        return cls(state=state if state is not None else row["state"], **fields)

    @property
    def expired(self) -> bool:
        return self.submitted_at is None and self.deadline is not None and self.now > self.deadline

    @property
    def attempts_left(self) -> int | None:
        return None if self.max_attempts is None else max(self.max_attempts - self.round_number, 0)

    def event_fields(self) -> dict[str, uuid.UUID]:
        """The ids every attempt event carries."""
        return {
            "attempt_id": self.id,
            "assessment_id": self.assessment_id,
            "enrollment_id": self.enrollment_id,
            "trainee_id": self.trainee_id,
            "course_id": self.course_id,
            "organization_id": self.organization_id,
        }

    def attempt_state(self) -> AttemptState:
        return AttemptState.from_json(self.state)

    def question_set(self) -> dict[str, AnyQuestion]:
        return parsed_questions(self.assessment_id, self.questions_digest, self.questions)

    @cached_property
    def _settings(self) -> AssessmentSettings:
        return stored_settings(self.settings)

    def assessment_settings(self) -> AssessmentSettings:
        return self._settings


async def load_attempt(uow: UnitOfWork, attempt_id: uuid.UUID) -> LoadedAttempt | None:
    """The attempt, locked for this transaction, or None when it does not exist in this organization."""
    row = await uow.fetch_one(LOAD_ATTEMPT, {"attempt_id": attempt_id})
    return None if row is None else LoadedAttempt.from_row(row._mapping)


def questions_by_id(raw: Any) -> dict[str, AnyQuestion]:
    """The stored questions by id; a quiz whose stored questions are broken cannot be taken."""
    try:
        return {question.id: question for question in QuestionSet.model_validate(raw).questions}
    except ValidationError:
        raise Conflict(texts.QUIZ_BROKEN) from None


# Parsed questions by (assessment, digest of the stored JSON): the hot path parses a quiz once per process.
PARSED_CACHE_SIZE = 256
_parsed: OrderedDict[tuple[uuid.UUID, str], dict[str, AnyQuestion]] = OrderedDict()


def parsed_questions(assessment_id: uuid.UUID, digest: str, raw: Any) -> dict[str, AnyQuestion]:
    """questions_by_id, remembered while the stored questions stay the same (the models are immutable)."""
    key = (assessment_id, digest)
    found = _parsed.get(key)
    if found is None:
        found = _parsed[key] = questions_by_id(raw)
        if len(_parsed) > PARSED_CACHE_SIZE:
            _parsed.popitem(last=False)
    else:
        _parsed.move_to_end(key)
    return found


def stored_settings(raw: Any) -> AssessmentSettings:
    try:
        return parse_settings(raw)
    except InvalidInput:
        raise Conflict(texts.QUIZ_BROKEN) from None
