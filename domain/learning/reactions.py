"""What the learning path does when the assessments area reports, in the same transaction.

- AssessmentPassed: the quiz items linked to that assessment (content_data.assessment_id) are completed
  for the enrollment, with their modules when that finishes them, and the enrollment is settled: one
  statement, built on completion's locked enrollment and settlement CTEs.
- SubmissionGraded: the enrollment is settled again (completion may depend on graded work).
"""

from sqlalchemy import text

from domain.assessments.events import AssessmentPassed, SubmissionGraded
from domain.events import Event
from domain.learning.completion import run_locked, settle, settled
from domain.learning.completion_sql import (
    ONGOING,
    SETTLED_COLUMNS,
    complete_progress,
    locked_enrollment,
    module_audit,
    module_completions,
    settlement_ctes,
)
from domain.messagebus import Context, EventHandler
from domain.statement_parts import audit_rows, changes

ITEM_COMPLETED = changes("NULL", "jsonb_build_object('content_id', i.content_id, 'status', 'completed')")
COMPLETE_QUIZ_ITEMS = text(f"""
WITH {locked_enrollment()}, enrollment AS (
    SELECT id, course_id FROM fresh WHERE status IN {ONGOING}
), quiz_items AS (
    SELECT c.id AS content_id, c.module_id
    FROM content c JOIN modules m ON m.id = c.module_id JOIN enrollment e ON e.course_id = m.course_id
    WHERE c.content_type = 'quiz' AND lower(c.content_data ->> 'assessment_id') = CAST(:assessment_id AS text)
), completed_items AS ({
    complete_progress("SELECT e.id, q.module_id, q.content_id FROM enrollment e, quiz_items q", "p.id, p.content_id")
}
), completed_modules AS ({
    module_completions("enrollment", "m.id IN (SELECT module_id FROM quiz_items)", "SELECT content_id FROM quiz_items")
}
), {audit_rows("audit", f"SELECT 'progress.completed', 'progress', i.id, {ITEM_COMPLETED} FROM completed_items i")},
{module_audit("module_audit", "completed_modules")}, {
    settlement_ctes(
        "SELECT id FROM fresh",
        content_done_now="SELECT content_id FROM quiz_items",
        modules_done_now="SELECT module_id FROM completed_modules",
    )
}
SELECT NOT EXISTS (SELECT 1 FROM fresh) AS stale, {SETTLED_COLUMNS}
FROM locked l LEFT JOIN settled_enrollment s ON s.id = l.id
""")


async def assessment_passed(ctx: Context, event: AssessmentPassed) -> None:
    """A passed quiz completes the items that link to it, then progress and completion are settled."""
    parameters = {"enrollment_id": event.enrollment_id, "assessment_id": str(event.assessment_id)}
    settled(ctx, await run_locked(ctx, COMPLETE_QUIZ_ITEMS, parameters))


async def submission_graded(ctx: Context, event: SubmissionGraded) -> None:
    """Graded work may finish a course: settle the enrollment again."""
    await settle(ctx, event.enrollment_id)


EVENT_HANDLERS: dict[type[Event], list[EventHandler]] = {
    AssessmentPassed: [assessment_passed],
    SubmissionGraded: [submission_graded],
}
