"""What happened in assessments, for notifications and for re-evaluating course completion.

The completion check should run after AssessmentPassed and SubmissionGraded (both carry the enrollment).
AttemptGraded and SubmissionGraded/SubmissionReturned tell the trainee about a person's grading.
"""

import uuid
from decimal import Decimal

from domain.events import Event


class AttemptEvent(Event):
    attempt_id: uuid.UUID
    assessment_id: uuid.UUID
    enrollment_id: uuid.UUID
    trainee_id: uuid.UUID
    course_id: uuid.UUID
    organization_id: uuid.UUID


class AttemptSubmitted(AttemptEvent):
    """Handed in (by the trainee, by answering the last question, or at the time limit)."""

    score: Decimal | None
    is_passed: bool | None
    awaiting_grading: bool
    timed_out: bool = False


class AttemptGraded(AttemptEvent):
    """A person graded the last essay of an attempt: its score and pass state are now known."""

    score: Decimal
    is_passed: bool
    graded_by: uuid.UUID


class AssessmentPassed(AttemptEvent):
    """An attempt passed (when submitted, or once its essays were graded): re-evaluate completion."""


class SubmissionEvent(Event):
    submission_id: uuid.UUID
    assignment_id: uuid.UUID
    enrollment_id: uuid.UUID
    trainee_id: uuid.UUID
    course_id: uuid.UUID
    organization_id: uuid.UUID


class AssignmentSubmitted(SubmissionEvent):
    late: bool


class SubmissionGraded(SubmissionEvent):
    """An instructor graded a submission: notify the trainee and re-evaluate completion."""

    score: Decimal
    max_score: int
    graded_by: uuid.UUID


class SubmissionReturned(SubmissionEvent):
    feedback: str
    returned_by: uuid.UUID
