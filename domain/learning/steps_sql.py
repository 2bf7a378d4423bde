"""The course's steps: its assessments and assignments, placed on the learning path by the seed's own links.

A step of a module (module_id set) comes after that module's content; a course-level step (module_id NULL,
or a module of another course: a final exam, a capstone) after the last module. Within one place: assessments
before assignments, then by created_at, title and id (a stable order). An assessment a `quiz` content item
points at is on the path as that item already, so it is no step (never offered twice); unless the
assessment is required and every item pointing at it may be skipped (optional): then it is a step as well,
or completion, which needs it passed, could be out of reach.

Each step says whether it is met (domain/assessments/completion: the one home of "passed"), where it stands
(`state`), whether the trainee touched it (an attempt, a submission) and, for an optional one, whether the
trainee has moved past it (touched a later step, or opened content of a later module). "continue" offers
the first step it may open (openable): not met, not waiting for someone else (a grade), and, when optional,
neither touched nor moved past; optional steps never block completion.
"""

from sqlalchemy import text

from domain.assessments.completion import current, passed_among, submission_meets

# Where a step stands, beyond met: what the trainee can do about it.
# FAILED: nothing the trainee can do (no attempts left, or graded below the pass mark): their instructor can.
TODO, RETRY, OPEN, GRADING, RETURNED, FAILED = "todo", "retry", "open", "grading", "returned", "failed"


def course_steps(enrollment: str) -> str:
    """SQL: the steps of the course of `enrollment` (a relation of one row: id, course_id, course_metadata), in
    path order (`position`), with what continue and the replies need. Whether a step is met is read from the
    attempts and the submission it reads anyway (completion's passed_among, submission_meets): no subquery of
    its own, as every node of this plan is set up on every "continue"."""
    return f"""
    SELECT st.*, row_number() OVER w AS position,
           COALESCE(bool_or(st.touched) OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), false)
               AS later_touched
    FROM (
        SELECT 'quiz' AS kind, s.id, s.title, s.description, COALESCE(s.is_required, true) AS required,
               m."order" AS module_order, m.title AS module_title, s.created_at, e.id AS enrollment_id,
               e.course_id,
               s.passing_score, s.max_attempts, s.time_limit,
               CASE WHEN jsonb_typeof(s.questions -> 'questions') = 'array'
                    THEN jsonb_array_length(s.questions -> 'questions') END AS question_count,
               CAST(NULL AS timestamptz) AS due_date, CAST(NULL AS integer) AS max_score,
               x.met,
               CASE WHEN x.open THEN '{OPEN}' WHEN x.grading THEN '{GRADING}'
                    WHEN x.tries >= s.max_attempts THEN '{FAILED}' WHEN x.tries > 0 THEN '{RETRY}'
                    ELSE '{TODO}' END AS state,
               x.tries > 0 AS touched
        FROM {enrollment} e
        JOIN assessments s ON s.course_id = e.course_id
        LEFT JOIN modules m ON m.id = s.module_id AND m.course_id = s.course_id
        CROSS JOIN LATERAL (
            SELECT count(*) AS tries, COALESCE(bool_or(a.submitted_at IS NULL), false) AS open,
                   COALESCE(bool_or(a.submitted_at IS NOT NULL AND a.is_passed IS NULL), false) AS grading,
                   {passed_among("a")} AS met
            FROM assessment_attempts a
            WHERE a.enrollment_id = e.id AND a.assessment_id = s.id AND {current("a")}) x
        WHERE NOT EXISTS (SELECT 1 FROM content qc JOIN modules qm ON qm.id = qc.module_id
                          WHERE qm.course_id = s.course_id AND qc.content_type = 'quiz'
                            AND lower(qc.content_data ->> 'assessment_id') = s.id::text
                            AND (NOT COALESCE(s.is_required, true)
                                 OR (COALESCE(qc.is_required, true) AND COALESCE(qm.is_required, true))))
        UNION ALL
        SELECT 'assignment', g.id, g.title, g.description, COALESCE(g.is_required, true),
               m."order", m.title, g.created_at, e.id, e.course_id,
               NULL, NULL, NULL, NULL, g.due_date, g.max_score,
               {submission_meets("sub", "g", "e.course_metadata")},
               CASE sub.status WHEN 'submitted' THEN '{GRADING}' WHEN 'returned' THEN '{RETURNED}'
                               WHEN 'graded' THEN '{FAILED}' ELSE '{TODO}' END,
               sub.id IS NOT NULL
        FROM {enrollment} e
        JOIN assignments g ON g.course_id = e.course_id
        LEFT JOIN modules m ON m.id = g.module_id AND m.course_id = g.course_id
        LEFT JOIN assignment_submissions sub
            ON sub.assignment_id = g.id AND sub.enrollment_id = e.id AND {current("sub")}
    ) st
    WINDOW w AS (ORDER BY st.module_order NULLS LAST, st.kind = 'assignment', st.created_at, st.title, st.id)"""


def moved_past(step: str) -> str:
    """SQL over a course_steps row: the trainee went on beyond this step (a later step touched, or a later
    module opened: opening an item writes its module-level progress row)."""
    return f"""({step}.later_touched OR ({step}.module_order IS NOT NULL AND EXISTS (
        SELECT 1 FROM progress lp JOIN modules lm ON lm.id = lp.module_id
        WHERE lp.enrollment_id = {step}.enrollment_id AND lp.content_id IS NULL
          AND lm.course_id = {step}.course_id AND lm."order" > {step}.module_order)))"""


def openable(step: str) -> str:
    """SQL over a course_steps row: continue may open it."""
    return f"""(NOT {step}.met AND {step}.state NOT IN ('{GRADING}', '{FAILED}')
        AND ({step}.required OR NOT ({step}.touched OR {moved_past(step)})))"""


STEP_COLUMNS = """
    ns.kind AS step_kind, ns.id AS step_id, ns.title AS step_title, ns.description AS step_description,
    ns.required AS step_required, ns.state AS step_state, ns.module_title AS step_module_title,
    ns.passing_score AS step_passing_score, ns.max_attempts AS step_max_attempts, ns.time_limit AS step_time_limit,
    ns.question_count AS step_question_count, ns.due_date AS step_due_date, ns.max_score AS step_max_score"""

# The steps still to do of :enrollment_id, in path order (for the replies that list what is left).
PENDING_STEPS = text(f"""
WITH enrollment AS (
    SELECT e.id, e.course_id, c.metadata AS course_metadata
    FROM enrollments e JOIN courses c ON c.id = e.course_id WHERE e.id = CAST(:enrollment_id AS uuid)
), steps AS ({course_steps("enrollment")})
SELECT * FROM steps WHERE NOT met ORDER BY position
""")
