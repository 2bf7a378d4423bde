"""Is this enrollment complete? The one place that decides, recomputes progress and completes the course.

The rule: every module in scope is completed, where the scope is the course's required modules, or all of
its modules when none is required (the scope calculate_enrollment_progress uses). A module is completed
when its module-level progress row (content_id NULL) is; that row is written when all of the module's
required content is completed (module_completions below). Then the assessments' part must hold too:
domain/assessments/completion.py (required assessments passed, required assignments graded well enough).

settle() runs a statement after the progress rows changed, so that calculate_enrollment_progress (the one
place progress_percentage is computed) sees the change. Its statement also tells whether every module in
scope is completed; only then (once per course, at the end) does complete() ask the assessments' part and
complete the course, in two more statements, so the common step stays one statement.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import text

from domain.assessments.completion import assessment_requirements_met
from domain.events import CourseCompleted
from domain.messagebus import Context
from domain.statement_parts import audit_rows, changes

# SQL over `e` (an enrollments row): every module in scope has a completed module-level row.
MODULES_COMPLETE = """(
    EXISTS (SELECT 1 FROM modules m WHERE m.course_id = e.course_id)
    AND NOT EXISTS (
        SELECT 1 FROM modules m
        WHERE m.course_id = e.course_id
          AND (COALESCE(m.is_required, true)
               OR NOT EXISTS (SELECT 1 FROM modules r
                              WHERE r.course_id = e.course_id AND COALESCE(r.is_required, true)))
          AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.enrollment_id = e.id AND p.module_id = m.id
                          AND p.content_id IS NULL AND p.status = 'completed')))"""

ONGOING = "('enrolled', 'in_progress')"

STATUS_CHANGE = changes("jsonb_build_object('status', v.status)", "jsonb_build_object('status', u.status)")
PERCENTAGE_CHANGE = changes(
    "jsonb_build_object('progress_percentage', v.progress_percentage)",
    "jsonb_build_object('progress_percentage', u.progress_percentage)",
)
SETTLE_AUDIT = audit_rows(
    "audit",
    f"""
    SELECT 'enrollment.progress_updated', 'enrollment', u.id, {PERCENTAGE_CHANGE}
    FROM updated u JOIN verdict v ON v.id = u.id WHERE u.progress_percentage IS DISTINCT FROM v.progress_percentage
    UNION ALL
    SELECT 'enrollment.started', 'enrollment', u.id, {STATUS_CHANGE}
    FROM updated u JOIN verdict v ON v.id = u.id WHERE v.status = 'enrolled' AND u.status = 'in_progress'""",
)

SETTLE = text(f"""
WITH verdict AS (
    SELECT e.id, e.course_id, e.trainee_id, e.status, e.progress_percentage,
           calculate_enrollment_progress(e.id) AS percentage, {MODULES_COMPLETE} AS modules_complete
    FROM enrollments e
    WHERE e.id = CAST(:enrollment_id AS uuid)
), updated AS (
    UPDATE enrollments t
    SET progress_percentage = v.percentage,
        status = CASE WHEN t.status = 'enrolled' THEN 'in_progress' ELSE t.status END,
        started_at = COALESCE(t.started_at, now())
    FROM verdict v
    WHERE t.id = v.id AND (t.progress_percentage IS DISTINCT FROM v.percentage OR t.status = 'enrolled')
    RETURNING t.id, t.status, t.progress_percentage
), {SETTLE_AUDIT}
SELECT v.id, v.course_id, v.trainee_id, v.percentage, v.modules_complete, COALESCE(u.status, v.status) AS status
FROM verdict v LEFT JOIN updated u ON u.id = v.id
""")

COMPLETED = changes(
    "jsonb_build_object('status', CAST(:status_before AS text))", "jsonb_build_object('status', u.status)"
)
COMPLETE_ENROLLMENT = text(f"""
WITH u AS (
    UPDATE enrollments SET status = 'completed', completed_at = now()
    WHERE id = CAST(:enrollment_id AS uuid) AND status IN {ONGOING}
    RETURNING id, status
), {audit_rows("audit", f"SELECT 'enrollment.completed', 'enrollment', u.id, {COMPLETED} FROM u")}
SELECT count(*) FROM u
""")

NOTHING = "SELECT NULL::uuid WHERE false"


def module_completions(enrollment: str, scope: str, done_now: str = NOTHING) -> str:
    """An INSERT completing the module-level rows of `enrollment` (a relation of id, course_id, and
    anything `scope` uses) for each module in `scope` (SQL over m and e) whose required content is all
    completed, counting the content ids `done_now` selects (completed by the same statement) as completed.
    RETURNING id, module_id."""
    return f"""
    INSERT INTO progress AS p (enrollment_id, module_id, content_id, status, progress_percentage,
                               started_at, completed_at, last_accessed_at, time_spent)
    SELECT e.id, m.id, NULL, 'completed', 100, now(), now(), now(), 0
    FROM {enrollment} e JOIN modules m ON m.course_id = e.course_id
    WHERE {scope}
      AND NOT EXISTS (SELECT 1 FROM progress mp WHERE mp.enrollment_id = e.id AND mp.module_id = m.id
                      AND mp.content_id IS NULL AND mp.status = 'completed')
      AND NOT EXISTS (SELECT 1 FROM content c
                      LEFT JOIN progress cp ON cp.enrollment_id = e.id AND cp.content_id = c.id
                      WHERE c.module_id = m.id AND COALESCE(c.is_required, true)
                        AND c.id NOT IN ({done_now}) AND cp.status IS DISTINCT FROM 'completed')
    ON CONFLICT (enrollment_id, module_id, content_id) DO UPDATE
    SET status = 'completed', progress_percentage = 100, completed_at = now(), last_accessed_at = now(),
        time_spent = GREATEST(0, floor(extract(epoch FROM now() - COALESCE(p.started_at, now()))))::int
    WHERE p.status IS DISTINCT FROM 'completed'
    RETURNING p.id, p.module_id"""


MODULE_COMPLETED = changes("NULL", "jsonb_build_object('module_id', f.module_id, 'status', 'completed')")
FINISH = text(f"""
WITH enrollment AS (
    SELECT id, course_id FROM enrollments WHERE id = CAST(:enrollment_id AS uuid)
), finished AS ({module_completions("enrollment", "true")}
), {audit_rows("audit", f"SELECT 'progress.completed', 'progress', f.id, {MODULE_COMPLETED} FROM finished f")}
SELECT count(*) FROM finished
""")


@dataclass(frozen=True)
class Settlement:
    enrollment_id: uuid.UUID
    percentage: Decimal
    status: str
    modules_complete: bool
    completed_now: bool

    @property
    def awaiting_assessments(self) -> bool:
        """Every module is done, but required assessments or assignments are not passed yet."""
        return self.modules_complete and self.status in ("enrolled", "in_progress")


async def settle(ctx: Context, enrollment_id: uuid.UUID) -> Settlement:
    """Recompute the enrollment's progress, complete it if the rule holds, and raise CourseCompleted then."""
    row = (await ctx.session.execute(SETTLE, {"enrollment_id": enrollment_id, "actor_id": ctx.uow.actor_id})).one()
    completed_now = False
    if row.modules_complete and row.status in ("enrolled", "in_progress"):
        completed_now = await complete(ctx, row.id, row.status)
    if completed_now:
        ctx.uow.emit(
            CourseCompleted(
                enrollment_id=row.id,
                trainee_id=row.trainee_id,
                course_id=row.course_id,
                organization_id=ctx.actor.organization_id,
            )
        )
    status = "completed" if completed_now else row.status
    return Settlement(row.id, row.percentage, status, row.modules_complete, completed_now)


async def complete(ctx: Context, enrollment_id: uuid.UUID, status_before: str) -> bool:
    """Every module in scope is done: complete the course if the assessments' part holds too."""
    if not await assessment_requirements_met(ctx.session, enrollment_id):
        return False
    parameters = {"enrollment_id": enrollment_id, "actor_id": ctx.uow.actor_id, "status_before": status_before}
    return bool(await ctx.session.scalar(COMPLETE_ENROLLMENT, parameters))


async def finish(ctx: Context, enrollment_id: uuid.UUID) -> Settlement:
    """Nothing is left to open: complete every module whose required content is done (modules with none
    included), then settle. Also heals a module row missed by two "done"s racing on one module."""
    await ctx.session.execute(FINISH, {"enrollment_id": enrollment_id, "actor_id": ctx.uow.actor_id})
    return await settle(ctx, enrollment_id)
