"""The "continue" statement: find the trainee's next item and open it, in one round trip.

The next item is the first, by module `order` then content `order`, that is not completed and is not an
optional item (optional itself, or in an optional module) the trainee already opened and moved past:
opening an optional item and asking to continue skips it. Items of a locked optional module are passed
over; a locked required module stops the path and nothing is opened. A step (an assessment or assignment
of a module before that item's, or of the course when no item is left; see steps_sql) comes first: then
the statement opens nothing and returns the step (:after, a step skipped, moves past it). Opening writes
the content-level and module-level progress rows (started_at once, last_accessed_at every time) and moves
the enrollment from enrolled to in_progress, with audit rows. Opening never changes which rows are
completed, so progress_percentage stays as it is.
"""

from sqlalchemy import TextClause, text

from domain.assessments.completion import assessment_passed, current
from domain.learning import unlock
from domain.learning.steps_sql import STEP_COLUMNS, course_steps, openable
from domain.statement_parts import ACTOR, ACTOR_COLUMNS, ACTOR_MAY_ACT, audit_rows, changes

UPSERT_STARTED = """
    ON CONFLICT (enrollment_id, module_id, content_id) DO UPDATE
    SET last_accessed_at = now(), started_at = COALESCE(p.started_at, now()),
        status = CASE WHEN p.status = 'completed' THEN 'completed' ELSE 'in_progress' END
    RETURNING p.id, p.started_at = now() AS started_now"""

# Which enrollment: the course named by :course_code (case-insensitive, an exact match first) ...
BY_CODE = """upper(c.course_code) = upper(CAST(:course_code AS text))
    ORDER BY c.course_code = CAST(:course_code AS text) DESC"""
# ... or the one worked on most recently, preferring courses in progress.
MOST_RECENT = """e.status IN ('enrolled', 'in_progress')
    ORDER BY e.status = 'in_progress' DESC,
             (SELECT max(p.last_accessed_at) FROM progress p WHERE p.enrollment_id = e.id) DESC NULLS LAST,
             e.created_at DESC"""


def continue_statement(which_enrollment: str) -> TextClause:
    """One statement per way of naming the course: a parameter deciding the plan's shape would keep
    PostgreSQL planning it afresh on every call instead of reusing a generic plan."""
    return text(f"""
WITH {ACTOR}, enrollment AS (
    SELECT e.id, e.course_id, e.status, e.progress_percentage, c.course_code, c.title AS course_title,
           c.metadata AS course_metadata
    FROM enrollments e JOIN courses c ON c.id = e.course_id
    WHERE e.trainee_id = CAST(:actor_id AS uuid) AND {ACTOR_MAY_ACT}
      AND {which_enrollment}
    LIMIT 1
), module_facts AS MATERIALIZED (
    SELECT m.id, m.course_id, m."order", m.title, COALESCE(m.is_required, true) AS required, m.unlock_condition,
           row_number() OVER (ORDER BY m."order") AS position, count(*) OVER () AS module_count,
           {unlock.facts("m", "e.id")}
    FROM modules m JOIN enrollment e ON e.course_id = m.course_id
), course_modules AS (
    SELECT f.*, {unlock.unlocked("f")} AS unlocked FROM module_facts f
), next_item AS (
    SELECT c.id, c.module_id, c."order", c.content_type, c.title, c.description, c.file_url, c.file_size,
           c.duration, c.content_data, COALESCE(c.is_required, true) AND cm.required AS required,
           cm."order" AS module_order, cm.title AS module_title, cm.position AS module_position, cm.module_count,
           cm.unlocked,
           cm.unlock_condition, cm.previous_module_ok, cm.required_module_ok, cm.assessment_ok, cm.available_ok,
           {unlock.titles("cm")}
    FROM course_modules cm
    JOIN content c ON c.module_id = cm.id
    LEFT JOIN progress p ON p.enrollment_id = (SELECT id FROM enrollment) AND p.content_id = c.id
    WHERE p.status IS DISTINCT FROM 'completed'
      AND ((COALESCE(c.is_required, true) AND cm.required) OR p.started_at IS NULL)
      AND (cm.required OR cm.unlocked)
    ORDER BY cm."order", c."order"
    LIMIT 1
), steps AS MATERIALIZED ({course_steps("enrollment")}
), next_step AS (
    SELECT st.* FROM steps st
    WHERE {openable("st")}
      AND st.position > COALESCE((SELECT a.position FROM steps a WHERE a.id = CAST(:after AS uuid)), 0)
      AND (st.module_order < (SELECT n.module_order FROM next_item n) OR NOT EXISTS (SELECT 1 FROM next_item))
    ORDER BY st.position
    LIMIT 1
), opening AS (
    SELECT e.id AS enrollment_id, n.module_id, n.id AS content_id
    FROM enrollment e JOIN next_item n ON n.unlocked
    WHERE e.status IN ('enrolled', 'in_progress') AND NOT EXISTS (SELECT 1 FROM next_step)
), opened_item AS (
    INSERT INTO progress AS p (enrollment_id, module_id, content_id, status, started_at, last_accessed_at)
    SELECT enrollment_id, module_id, content_id, 'in_progress', now(), now() FROM opening
    {UPSERT_STARTED}
), opened_module AS (
    INSERT INTO progress AS p (enrollment_id, module_id, content_id, status, started_at, last_accessed_at)
    SELECT enrollment_id, module_id, NULL, 'in_progress', now(), now() FROM opening
    {UPSERT_STARTED}
), started_enrollment AS (
    UPDATE enrollments t SET status = 'in_progress', started_at = COALESCE(t.started_at, now())
    -- By key (opening has at most one row): as a join, the generic plan scanned every 'enrolled' enrollment.
    WHERE t.id = (SELECT o.enrollment_id FROM opening o) AND t.status = 'enrolled'
    RETURNING t.id
), {
        audit_rows(
            "audit",
            f'''
    SELECT 'progress.started', 'progress', i.id,
           {changes("NULL", "jsonb_build_object('content_id', o.content_id, 'status', 'in_progress')")}
    FROM opened_item i, opening o WHERE i.started_now
    UNION ALL
    SELECT 'progress.started', 'progress', m.id,
           {changes("NULL", "jsonb_build_object('module_id', o.module_id, 'status', 'in_progress')")}
    FROM opened_module m, opening o WHERE m.started_now
    UNION ALL
    SELECT 'enrollment.started', 'enrollment', s.id,
           {changes("jsonb_build_object('status', 'enrolled')", "jsonb_build_object('status', 'in_progress')")}
    FROM started_enrollment s
''',
        )
    }
SELECT {ACTOR_COLUMNS},
       e.id AS enrollment_id, e.status AS enrollment_status, e.progress_percentage, e.course_code, e.course_title,
       n.id AS content_id, n.module_id, n.content_type, n.title, n.description, n.file_url, n.file_size,
       n.duration, n.content_data, n.required, n.module_title, n.module_position, n.module_count, n.unlocked,
       n.unlock_condition, n.previous_module_ok, n.required_module_ok, n.assessment_ok, n.available_ok,
       n.previous_module_title, n.required_module_title, n.assessment_title,
       (SELECT count(*) FROM content x WHERE x.module_id = n.module_id) AS items_in_module,
       (SELECT count(*) FROM content x WHERE x.module_id = n.module_id AND x."order" <= n."order") AS item_position,
       a.id AS assessment_id, a.title AS assessment_title_of_quiz, a.description AS assessment_description,
       a.passing_score, a.max_attempts, a.time_limit,
       CASE WHEN jsonb_typeof(a.questions -> 'questions') = 'array'
            THEN jsonb_array_length(a.questions -> 'questions') END AS question_count,
       {assessment_passed("e.id", "a.id")} AS quiz_passed, {STEP_COLUMNS},
       qa.used AS quiz_used, qa.pending AS quiz_pending, qa.unfinished AS quiz_unfinished, qa.best AS quiz_best
FROM actor
LEFT JOIN enrollment e ON true
LEFT JOIN next_item n ON true
LEFT JOIN next_step ns ON true
LEFT JOIN assessments a ON n.content_type = 'quiz' AND a.id::text = lower(n.content_data ->> 'assessment_id')
-- Where the trainee stands on the opened quiz (attempts made, waiting for a grade, under way, best score).
LEFT JOIN LATERAL (
    SELECT count(*) AS used, count(*) FILTER (WHERE t.submitted_at IS NOT NULL AND t.score IS NULL) AS pending,
           count(*) FILTER (WHERE t.submitted_at IS NULL) AS unfinished, max(t.score) AS best
    FROM assessment_attempts t WHERE t.enrollment_id = e.id AND t.assessment_id = a.id AND {current("t")}
) qa ON a.id IS NOT NULL
""")


CONTINUE_BY_CODE = continue_statement(BY_CODE)
CONTINUE_MOST_RECENT = continue_statement(MOST_RECENT)
