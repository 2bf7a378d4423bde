"""Done: complete an item (and its module when that was the last required item), and settle the enrollment.

One statement: complete_statement writes the progress rows and settles the enrollment (completion's CTEs,
told what it completed, as it cannot see its own rows). It locks the enrollment first, so two "done"s of one
trainee run one after the other; when this one waited for the other, its snapshot misses the other's rows
(completion_sql.stale): it changes nothing, and runs again by the item's id, holding the lock, fresh.
"""

from sqlalchemy import TextClause, text

from domain.assessments.completion import assessment_passed
from domain.clock import organization_zone
from domain.errors import NotFound
from domain.learning import completion, completion_sql, steps, texts, unlock
from domain.learning.commands import CompleteItem, ContinueCourse, Enroll
from domain.learning.path import my_learning_button
from domain.messagebus import Context, loads_actor_itself
from domain.replies import Button, Reply, literal, say
from domain.statement_parts import ACTOR, ACTOR_COLUMNS, ACTOR_MAY_ACT, audit_rows, changes

# Which item: the one named by :content_id ...
BY_ID = "c.id = CAST(:content_id AS uuid)"
# ... or the one opened most recently and not done, in a course being followed.
OPENED_LAST = """p.status = 'in_progress' AND e.status IN ('enrolled', 'in_progress')
    ORDER BY p.last_accessed_at DESC"""

# A quiz item is done once the assessment it points at is passed.
QUIZ_PASSED = assessment_passed("t.enrollment_id", "t.content_data ->> 'assessment_id'", held_as_text=True)

ITEM_COMPLETED = changes(
    "jsonb_build_object('status', c.progress_status)",
    "jsonb_build_object('content_id', c.content_id, 'status', 'completed', 'time_spent', i.time_spent)",
)
AUDIT = audit_rows(
    "audit", f"SELECT 'progress.completed', 'progress', i.id, {ITEM_COMPLETED} FROM completed_item i, completing c"
)


def complete_statement(which_item: str) -> TextClause:
    """One statement per way of naming the item, so each keeps a generic plan (see path_sql)."""
    return text(f"""
WITH {ACTOR}, target AS (
    SELECT c.id AS content_id, c.module_id, c.content_type, c.title AS item_title, c.content_data,
           m."order" AS module_order, e.id AS enrollment_id, e.course_id, e.status AS enrollment_status,
           co.course_code, co.title AS course_title, p.status AS progress_status, e.xmin AS locked_version
    FROM enrollments e
    JOIN courses co ON co.id = e.course_id
    JOIN modules m ON m.course_id = e.course_id
    JOIN content c ON c.module_id = m.id
    LEFT JOIN progress p ON p.enrollment_id = e.id AND p.content_id = c.id
    WHERE e.trainee_id = CAST(:actor_id AS uuid) AND {ACTOR_MAY_ACT}
      AND {which_item}
    LIMIT 1
    FOR NO KEY UPDATE OF e
), checked AS MATERIALIZED (
    SELECT t.*, m.title AS module_title, m.unlock_condition, {unlock.facts("m", "t.enrollment_id")},
           {unlock.titles("m")},
           t.content_type <> 'quiz' OR {QUIZ_PASSED} AS quiz_ok,
           {completion_sql.stale("t.enrollment_id", "t.locked_version")} AS stale
    FROM target t JOIN modules m ON m.id = t.module_id
), verdict AS (
    SELECT c.*, {unlock.unlocked("c")} AS unlocked,
           (c.enrollment_status <> 'dropped' AND {unlock.unlocked("c")} AND c.quiz_ok
            AND c.progress_status IS DISTINCT FROM 'completed') AS completes
    FROM checked c
), completing AS (
    SELECT * FROM verdict WHERE completes AND NOT stale
), completed_item AS ({
        completion_sql.complete_progress(
            "SELECT enrollment_id, module_id, content_id FROM completing", "p.id, p.time_spent"
        )
    }
), completing_enrollment AS (
    SELECT enrollment_id AS id, course_id, module_order FROM completing
), completed_modules AS ({
        completion_sql.module_completions(
            "completing_enrollment", 'm."order" <= e.module_order', "SELECT content_id FROM completing"
        )
    }
), {AUDIT}, {completion_sql.module_audit("module_audit", "completed_modules")}, {
        completion_sql.settlement_ctes(
            "SELECT enrollment_id FROM completing",
            content_done_now="SELECT content_id FROM completing",
            modules_done_now="SELECT module_id FROM completed_modules",
        )
    }
SELECT {ACTOR_COLUMNS}, v.*,
       EXISTS (SELECT 1 FROM completed_item) AS item_completed_now,
       ARRAY(SELECT mo.title FROM completed_modules cm JOIN modules mo ON mo.id = cm.module_id
             ORDER BY mo."order") AS completed_module_titles, {completion_sql.SETTLED_COLUMNS}
FROM actor LEFT JOIN verdict v ON true LEFT JOIN settled_enrollment s ON true
""")


COMPLETE_BY_ID = complete_statement(BY_ID)
COMPLETE_OPENED_LAST = complete_statement(OPENED_LAST)


@loads_actor_itself
async def complete_item(ctx: Context, command: CompleteItem) -> list[Reply]:
    """Mark an item done (by id, or the item opened most recently) and report the progress it made."""
    if command.content_id is None:
        row = await ctx.fetch_as_actor(COMPLETE_OPENED_LAST)
    else:
        row = await ctx.fetch_as_actor(COMPLETE_BY_ID, content_id=command.content_id)
    if row.stale:  # a concurrent "done" got the enrollment first; the same item again, fresh (rare)
        row = await ctx.uow.fetch_one(COMPLETE_BY_ID, {"actor_id": ctx.uow.actor_id, "content_id": row.content_id})
        assert row is not None  # the actor was found a moment ago
    settlement = completion.settled(ctx, row._mapping)
    if row.content_id is None:
        if command.content_id is not None:
            raise NotFound(texts.NO_SUCH_ITEM)
        return say(texts.NOTHING_OPEN, Button(label=texts.CONTINUE, command=ContinueCourse()))
    next_step = Button(label=texts.CONTINUE, command=ContinueCourse(course_code=row.course_code), style="primary")
    if row.enrollment_status == "dropped":
        return say(
            texts.DROPPED_DONE.format(title=literal(row.course_title)),
            Button(label=texts.RESUME.format(code=row.course_code), command=Enroll(course_code=row.course_code)),
        )
    if row.progress_status == "completed":
        return say(texts.ALREADY_DONE.format(item=literal(row.item_title)), next_step)
    if not row.unlocked:
        zone = await organization_zone(ctx.session, ctx.actor.organization_id)
        reasons = unlock.reasons(row._mapping, zone)
        return say(texts.ITEM_LOCKED.format(item=literal(row.item_title), reasons=reasons), next_step)
    if not row.quiz_ok:
        return say(texts.PASS_QUIZ_FIRST.format(item=literal(row.item_title)), next_step)
    if not row.item_completed_now or settlement is None:  # completed a moment ago by another transaction
        return say(texts.ALREADY_DONE.format(item=literal(row.item_title)), next_step)
    lines = [texts.ITEM_DONE.format(item=literal(row.item_title))]
    if row.completed_module_titles:
        lines.append(texts.MODULES_DONE.format(titles=", ".join(map(literal, row.completed_module_titles))))
    if settlement.completed_now:
        lines.append(texts.COURSE_COMPLETED.format(title=literal(row.course_title)))
        return say("\n".join(lines), my_learning_button())
    lines.append(
        texts.PROGRESS.format(title=literal(row.course_title), percentage=texts.percent(settlement.percentage))
    )
    if settlement.awaiting_assessments:
        pending = await steps.pending(ctx, row.enrollment_id)
        to_do, buttons = steps.still_to_do(
            texts.STILL_TO_DO_AFTER.format(title=literal(row.course_title)), pending, row.course_code
        )
        return say("\n".join([*lines, *to_do]), *buttons, next_step)
    return say("\n".join(lines), next_step)
