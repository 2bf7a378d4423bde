"""The assessments' part of course completion, for domain/learning/completion.py to add to its rule.

Met when every required assessment of the enrollment's course has a passed attempt by this enrollment,
and every required assignment has a graded submission scoring at least the pass ratio of its
max_score: courses.metadata {"assignment_pass_ratio": 0.6}, a number from 0 to 1, else 0.5.
REQUIREMENTS_MET_SQL is that rule as SQL, which the learning path's settling statements embed (so completing
a course stays one statement); assessment_requirements_met asks it on its own.
"""

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

DEFAULT_ASSIGNMENT_PASS_RATIO = Decimal("0.5")
PASS_RATIO_KEY = "assignment_pass_ratio"

# The course's pass ratio, SQL over `c` (a courses row). Nested CASEs: a ratio that is not a number is never cast.
PASS_RATIO = f"""(CASE WHEN jsonb_typeof(c.metadata -> '{PASS_RATIO_KEY}') = 'number' THEN
        CASE WHEN (c.metadata ->> '{PASS_RATIO_KEY}')::numeric BETWEEN 0 AND 1
             THEN (c.metadata ->> '{PASS_RATIO_KEY}')::numeric END
    END)"""

# SQL over `e` (an enrollments row) and `c` (its course): the assessments' part of completion holds.
REQUIREMENTS_MET_SQL = f"""(
    NOT EXISTS (
        SELECT 1 FROM assessments s
        WHERE s.course_id = e.course_id AND COALESCE(s.is_required, true)
          AND NOT EXISTS (SELECT 1 FROM assessment_attempts a
                          WHERE a.enrollment_id = e.id AND a.assessment_id = s.id AND a.is_passed)
    )
    AND NOT EXISTS (
        SELECT 1 FROM assignments g
        WHERE g.course_id = e.course_id AND COALESCE(g.is_required, true)
          AND NOT EXISTS (
              SELECT 1 FROM assignment_submissions sub
              WHERE sub.assignment_id = g.id AND sub.enrollment_id = e.id AND sub.status = 'graded'
                AND sub.score >= COALESCE({PASS_RATIO}, {DEFAULT_ASSIGNMENT_PASS_RATIO}) * COALESCE(g.max_score, 100))
    ))"""

REQUIREMENTS_MET = text(f"""
SELECT {REQUIREMENTS_MET_SQL}
FROM enrollments e JOIN courses c ON c.id = e.course_id
WHERE e.id = :enrollment_id
""")


async def assessment_requirements_met(session: AsyncSession, enrollment_id: uuid.UUID) -> bool:
    """Whether the enrollment passed every required assessment and assignment of its course (False if unseen)."""
    return bool(await session.scalar(REQUIREMENTS_MET, {"enrollment_id": enrollment_id}))


def assignment_pass_ratio(metadata: dict[str, Any] | None) -> Decimal:
    """The course's share of max_score an assignment needs, as the query above reads it."""
    value = (metadata or {}).get(PASS_RATIO_KEY)
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
        return Decimal(str(value))
    return DEFAULT_ASSIGNMENT_PASS_RATIO
