"""The assessments' part of course completion, for domain/learning/completion.py to add to its rule.

Which assessments and assignments belong to a course: those whose course_id is the course's (the seed's
NOT NULL link), whether they hang off a module (module_id) or the whole course (module_id NULL, a final
exam or a capstone). Optional ones (is_required false) never block completion.

Met when every required one has been passed by this enrollment: an assessment with a passed attempt
(assessment_passed), an assignment with a graded submission scoring at least the pass ratio of its
max_score (assignment_met): courses.metadata {"assignment_pass_ratio": 0.6}, a number from 0 to 1, else
0.5. These predicates are the one home of "passed"; the learning path (its steps, unlock conditions, quiz
items) and REQUIREMENTS_MET_SQL all ask them, the latter embedded in the settling statements (so completing
a course stays one statement); assessment_requirements_met asks it on its own.

Only the current round counts: Recertify starts a completed enrollment afresh and marks its attempts and
submissions superseded (superseded_at, migration 0020), which keeps them as history (reports, the audit
trail, the earlier certificate) while the trainee passes again. CURRENT says it for any attempt or
submission; the attempt limit counts the same rows.
"""

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

DEFAULT_ASSIGNMENT_PASS_RATIO = "0.5"
PASS_RATIO_KEY = "assignment_pass_ratio"


def pass_ratio(metadata: str) -> str:
    """SQL: the pass ratio in a course's `metadata` (JSONB), NULL when it has none. Nested CASEs: a ratio that is
    not a number is never cast."""
    return f"""(CASE WHEN jsonb_typeof({metadata} -> '{PASS_RATIO_KEY}') = 'number' THEN
        CASE WHEN ({metadata} ->> '{PASS_RATIO_KEY}')::numeric BETWEEN 0 AND 1
             THEN ({metadata} ->> '{PASS_RATIO_KEY}')::numeric END
    END)"""


def current(row: str) -> str:
    """SQL: the attempt or submission `row` belongs to the enrollment's current round (not superseded)."""
    return f"{row}.superseded_at IS NULL"


def assessment_passed(enrollment_id: str, assessment_id: str, *, held_as_text: bool = False) -> str:
    """SQL: the enrollment has a passed attempt of the assessment. `held_as_text`: the id is text (content_data,
    unlock_condition), and text that is no uuid never fails the statement, it just matches nothing."""
    match = (
        f"pa.assessment_id::text = lower({assessment_id})" if held_as_text else f"pa.assessment_id = {assessment_id}"
    )
    return f"""EXISTS (SELECT 1 FROM assessment_attempts pa WHERE pa.enrollment_id = {enrollment_id}
                   AND {match} AND pa.is_passed AND {current("pa")})"""


def passed_among(attempt: str) -> str:
    """SQL aggregate over the current attempts `attempt` of one enrollment at one assessment: assessment_passed's
    rule, for a query that reads those attempts anyway (one scan instead of one more subquery)."""
    return f"COALESCE(bool_or({attempt}.is_passed), false)"


def submission_meets(submission: str, assignment: str, metadata: str) -> str:
    """SQL: the `submission` row (NULL: none) of `assignment` (an assignments row) is current and graded well
    enough for the course whose metadata is `metadata`."""
    return f"""COALESCE({submission}.status = 'graded' AND {current(submission)}
                AND {submission}.score >= COALESCE({pass_ratio(metadata)}, {DEFAULT_ASSIGNMENT_PASS_RATIO})
                                        * COALESCE({assignment}.max_score, 100), false)"""


def assignment_met(enrollment_id: str, assignment: str, course: str = "c") -> str:
    """SQL: the enrollment's submission of `assignment` (an assignments row) is graded well enough for
    `course` (a courses row)."""
    return f"""EXISTS (
              SELECT 1 FROM assignment_submissions sub
              WHERE sub.assignment_id = {assignment}.id AND sub.enrollment_id = {enrollment_id}
                AND {submission_meets("sub", assignment, f"{course}.metadata")})"""


# SQL over `e` (an enrollments row) and `c` (its course): the assessments' part of completion holds.
REQUIREMENTS_MET_SQL = f"""(
    NOT EXISTS (
        SELECT 1 FROM assessments s
        WHERE s.course_id = e.course_id AND COALESCE(s.is_required, true)
          AND NOT {assessment_passed("e.id", "s.id")}
    )
    AND NOT EXISTS (
        SELECT 1 FROM assignments g
        WHERE g.course_id = e.course_id AND COALESCE(g.is_required, true)
          AND NOT {assignment_met("e.id", "g")}
    ))"""

REQUIREMENTS_MET = text(f"""
SELECT {REQUIREMENTS_MET_SQL}
FROM enrollments e JOIN courses c ON c.id = e.course_id
WHERE e.id = :enrollment_id
""")


async def assessment_requirements_met(session: AsyncSession, enrollment_id: uuid.UUID) -> bool:
    """Whether the enrollment passed every required assessment and assignment of its course (False if unseen)."""
    return bool(await session.scalar(REQUIREMENTS_MET, {"enrollment_id": enrollment_id}))
