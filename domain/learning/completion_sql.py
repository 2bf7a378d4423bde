"""The completion rule as SQL for statements to embed (see domain/learning/completion.py for the rule).

settlement_ctes() recomputes the percentage, starts the enrollment and completes it when the rule holds. A
statement sees none of its own writes (one snapshot for all its parts), so it names the content and modules
it completed (migration 0007). Every statement that settles locks the enrollment first and settles only when
the row it locked is the version its snapshot sees (stale()); else it changes nothing and runs again,
holding the lock. A statement that completes something always writes the enrollment row, so that check is
reliable. The lock is FOR NO KEY UPDATE: it orders two settlements of one enrollment, but lets rows that
only reference the enrollment (attempts, submissions) be inserted meanwhile.
"""

from sqlalchemy import TextClause, text

from domain.assessments.completion import REQUIREMENTS_MET_SQL
from domain.statement_parts import audit_rows, changes

NOTHING = "SELECT NULL::uuid WHERE false"
ONGOING = "('enrolled', 'in_progress')"


def modules_complete(done_now: str = NOTHING) -> str:
    """SQL over `e` (an enrollments row): every module in scope has a completed module-level row, or is one
    of the module ids `done_now` selects (completed by the same statement)."""
    return f"""(
    EXISTS (SELECT 1 FROM modules m WHERE m.course_id = e.course_id)
    AND NOT EXISTS (
        SELECT 1 FROM modules m
        WHERE m.course_id = e.course_id
          AND (COALESCE(m.is_required, true)
               OR NOT EXISTS (SELECT 1 FROM modules r
                              WHERE r.course_id = e.course_id AND COALESCE(r.is_required, true)))
          AND m.id NOT IN ({done_now})
          AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.enrollment_id = e.id AND p.module_id = m.id
                          AND p.content_id IS NULL AND p.status = 'completed')))"""


def stale(enrollment_id: str, locked_version: str) -> str:
    """SQL: the enrollment this statement locked changed after the statement's snapshot was taken.

    `locked_version` is the xmin selected with the lock, which READ COMMITTED takes from the newest version
    of the row (the one a concurrent transaction committed while this statement waited for the lock); the
    subquery reads the version the snapshot sees. When they differ, the statement's other reads miss what
    that transaction wrote (its progress rows, say)."""
    return f"({locked_version} <> (SELECT s.xmin FROM enrollments s WHERE s.id = {enrollment_id}))"


def locked_enrollment() -> str:
    """CTEs `locked`, the enrollment :enrollment_id locked, and `fresh`, that enrollment unless
    stale: (id, course_id, status)."""
    return f"""
locked AS (
    SELECT e.id, e.course_id, e.status, e.xmin AS locked_version FROM enrollments e
    WHERE e.id = CAST(:enrollment_id AS uuid)
    FOR NO KEY UPDATE
), fresh AS (
    SELECT l.id, l.course_id, l.status FROM locked l WHERE NOT {stale("l.id", "l.locked_version")}
)"""


PERCENTAGE_CHANGE = changes(
    "jsonb_build_object('progress_percentage', v.progress_percentage)",
    "jsonb_build_object('progress_percentage', u.progress_percentage)",
)
STARTED = changes("jsonb_build_object('status', v.status)", "jsonb_build_object('status', 'in_progress')")
# Started on the way, if it was only enrolled: the status it completes from is in_progress, as before.
COMPLETED = changes(
    "jsonb_build_object('status', CASE WHEN v.status = 'enrolled' THEN 'in_progress' ELSE v.status END)",
    "jsonb_build_object('status', u.status)",
)
SETTLEMENT_AUDIT = audit_rows(
    "settlement_audit",
    f"""
    SELECT 'enrollment.progress_updated', 'enrollment', u.id, {PERCENTAGE_CHANGE}
    FROM settled u JOIN settlement v ON v.id = u.id WHERE u.progress_percentage IS DISTINCT FROM v.progress_percentage
    UNION ALL
    SELECT 'enrollment.started', 'enrollment', u.id, {STARTED}
    FROM settled u JOIN settlement v ON v.id = u.id WHERE v.status = 'enrolled'
    UNION ALL
    SELECT 'enrollment.completed', 'enrollment', u.id, {COMPLETED}
    FROM settled u JOIN settlement v ON v.id = u.id WHERE v.completes""",
)


def settlement_ctes(enrollments: str, content_done_now: str = NOTHING, modules_done_now: str = NOTHING) -> str:
    """CTEs settling the enrollments whose ids `enrollments` selects, counting the content and module ids
    `content_done_now` and `modules_done_now` select as completed (the embedding statement completed them).

    `settlement` decides (and, for a completion, reads whether the course is certified, so a completion of
    one that is not costs no certificate statement); `settled` updates the enrollments (the percentage;
    enrolled -> in_progress; and completed when the rule holds), and always when something was completed;
    `settlement_audit` records it; `settled_enrollment` is the outcome, one row per enrollment, read through
    SETTLED_COLUMNS. The CASE asks the assessments' part only when it matters, at the end of the course."""
    percentage = f"calculate_enrollment_progress(e.id, ARRAY({content_done_now}), ARRAY({modules_done_now}))"
    return f"""
settling AS MATERIALIZED (
    SELECT e.id, e.course_id, e.trainee_id, e.status, e.progress_percentage, {percentage} AS percentage,
           {modules_complete(modules_done_now)} AS modules_complete,
           EXISTS ({content_done_now}) OR EXISTS ({modules_done_now}) AS completed_something
    FROM enrollments e
    WHERE e.id IN ({enrollments})
), deciding AS (
    -- NULL: not complete; else whether the course is certified (read here, where the course row is read anyway).
    SELECT v.*,
           CASE WHEN v.modules_complete AND v.status IN {ONGOING}
                THEN (SELECT CASE WHEN {REQUIREMENTS_MET_SQL} THEN COALESCE(c.is_certified, false) END
                      FROM enrollments e JOIN courses c ON c.id = e.course_id WHERE e.id = v.id)
                END AS certified
    FROM settling v
), settlement AS (
    SELECT d.*, d.certified IS NOT NULL AS completes FROM deciding d
), settled AS (
    UPDATE enrollments t
    SET progress_percentage = v.percentage,
        status = CASE WHEN v.completes THEN 'completed' WHEN t.status = 'enrolled' THEN 'in_progress'
                      ELSE t.status END,
        started_at = COALESCE(t.started_at, now()),
        completed_at = CASE WHEN v.completes THEN now() ELSE t.completed_at END
    FROM settlement v
    WHERE t.id = v.id AND (t.progress_percentage IS DISTINCT FROM v.percentage OR t.status = 'enrolled'
                           OR v.completes OR v.completed_something)
    RETURNING t.id, t.status, t.progress_percentage
), {SETTLEMENT_AUDIT}, settled_enrollment AS (
    SELECT v.id, v.course_id, v.trainee_id, v.percentage, v.modules_complete,
           COALESCE(u.status, v.status) AS status, (v.completes AND u.id IS NOT NULL) AS completed_now,
           COALESCE(v.certified, false) AS certified
    FROM settlement v LEFT JOIN settled u ON u.id = v.id
)"""


# The outcome, for the final SELECT of a statement embedding settlement_ctes as `settled_enrollment s`.
SETTLED_COLUMNS = """
s.id AS settled_id, s.course_id AS settled_course_id, s.trainee_id AS settled_trainee_id,
s.percentage AS settled_percentage, s.modules_complete AS settled_modules_complete, s.status AS settled_status,
s.completed_now AS settled_completed_now, s.certified AS settled_certified,
current_organization_id() AS settled_organization_id"""


def complete_progress(rows: str, returning: str) -> str:
    """The one progress upsert that completes rows: an INSERT of `rows` (SQL selecting enrollment_id,
    module_id, content_id; content_id NULL for a module-level row), each completed now, or its existing row
    completed (started_at kept, time_spent since it started); rows already completed are left alone and not
    returned. RETURNING `returning` over `p`."""
    return f"""
    INSERT INTO progress AS p (enrollment_id, module_id, content_id, status, progress_percentage,
                               started_at, completed_at, last_accessed_at, time_spent)
    SELECT r.enrollment_id, r.module_id, r.content_id, 'completed', 100, now(), now(), now(), 0
    FROM ({rows}) AS r(enrollment_id, module_id, content_id)
    ON CONFLICT (enrollment_id, module_id, content_id) DO UPDATE
    SET status = 'completed', progress_percentage = 100, completed_at = now(), last_accessed_at = now(),
        started_at = COALESCE(p.started_at, now()),
        time_spent = GREATEST(0, floor(extract(epoch FROM now() - COALESCE(p.started_at, now()))))::int
    WHERE p.status IS DISTINCT FROM 'completed'
    RETURNING {returning}"""


def module_completions(enrollment: str, scope: str, done_now: str = NOTHING) -> str:
    """An INSERT completing the module-level rows of `enrollment` (a relation of id, course_id, and
    anything `scope` uses) for each module in `scope` (SQL over m and e) whose required content is all
    completed, counting the content ids `done_now` selects (completed by the same statement) as completed.
    RETURNING id, module_id."""
    rows = f"""
    SELECT e.id, m.id, CAST(NULL AS uuid)
    FROM {enrollment} e JOIN modules m ON m.course_id = e.course_id
    WHERE {scope}
      AND NOT EXISTS (SELECT 1 FROM progress mp WHERE mp.enrollment_id = e.id AND mp.module_id = m.id
                      AND mp.content_id IS NULL AND mp.status = 'completed')
      AND NOT EXISTS (SELECT 1 FROM content c
                      LEFT JOIN progress cp ON cp.enrollment_id = e.id AND cp.content_id = c.id
                      WHERE c.module_id = m.id AND COALESCE(c.is_required, true)
                        AND c.id NOT IN ({done_now}) AND cp.status IS DISTINCT FROM 'completed')"""
    return complete_progress(rows, "p.id, p.module_id")


def module_audit(name: str, modules: str) -> str:
    """A CTE auditing the module-level rows that `modules` (a module_completions CTE) completed."""
    after = "jsonb_build_object('module_id', m.module_id, 'status', 'completed')"
    return audit_rows(name, f"SELECT 'progress.completed', 'progress', m.id, {changes('NULL', after)} FROM {modules} m")


def settle_statement(finishing: bool) -> TextClause:
    """Settle :enrollment_id; when `finishing`, first complete every module whose required content is done."""
    finished, modules_done_now = "", NOTHING
    if finishing:
        finished = f"""finished AS ({module_completions("fresh", "true")}
), {module_audit("finish_audit", "finished")},"""
        modules_done_now = "SELECT module_id FROM finished"
    return text(f"""
WITH {locked_enrollment()}, {finished} {settlement_ctes("SELECT id FROM fresh", modules_done_now=modules_done_now)}
SELECT NOT EXISTS (SELECT 1 FROM fresh) AS stale, {SETTLED_COLUMNS}
FROM locked l LEFT JOIN settled_enrollment s ON s.id = l.id
""")


SETTLE = settle_statement(finishing=False)
FINISH = settle_statement(finishing=True)
