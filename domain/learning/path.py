"""Continue: open the next item of a course (see path_sql for what "next" means)."""

from typing import Any

from domain.clock import organization_zone
from domain.learning import completion, steps, texts, unlock
from domain.learning.commands import BrowseCatalog, ContinueCourse, Enroll, ShowMyLearning
from domain.learning.path_sql import CONTINUE_BY_CODE, CONTINUE_MOST_RECENT
from domain.learning.rendering import OpenedItem, Quiz, render
from domain.messagebus import Context, loads_actor_itself
from domain.replies import Button, Reply, literal, say


@loads_actor_itself
async def continue_course(ctx: Context, command: ContinueCourse) -> list[Reply]:
    """Open the next item of the course (or of the course worked on most recently) and show it."""
    after = None if command.after is None else str(command.after)
    if command.course_code is None:
        row = await ctx.fetch_as_actor(CONTINUE_MOST_RECENT, after=after)
    else:
        row = await ctx.fetch_as_actor(CONTINUE_BY_CODE, course_code=command.course_code, after=after)
    if row.enrollment_id is None:
        return not_enrolled(command.course_code)
    if row.enrollment_status == "dropped":
        return say(
            texts.DROPPED_CONTINUE.format(title=literal(row.course_title)),
            Button(label=texts.RESUME.format(code=row.course_code), command=Enroll(course_code=row.course_code)),
        )
    if row.enrollment_status == "completed":
        optional = [steps.button(step_of(row), row.course_code)] if row.step_id is not None else []
        return say(texts.COURSE_DONE.format(title=literal(row.course_title)), *optional, my_learning_button())
    if row.step_id is not None:
        return [steps.render(step_of(row), row.course_code, row.progress_percentage)]
    if row.content_id is None:
        return await end_of_course(ctx, row)
    if not row.unlocked:
        # Off the hot path: only a locked module reads the organization's time zone (for an opening time).
        zone = await organization_zone(ctx.session, ctx.actor.organization_id)
        return say(unlock.explain(row.module_title, row._mapping, zone), my_learning_button())
    return [render(opened_item(row))]


def not_enrolled(course_code: str | None) -> list[Reply]:
    if course_code is None:
        return say(texts.NOTHING_IN_PROGRESS, Button(label=texts.BROWSE, command=BrowseCatalog()))
    return say(
        texts.NOT_ENROLLED_CONTINUE.format(code=course_code),
        Button(label=texts.ENROLL.format(code=course_code), command=Enroll(course_code=course_code)),
    )


async def end_of_course(ctx: Context, row: Any) -> list[Reply]:
    """Nothing left to open: settle the enrollment (modules without required content complete now)."""
    settlement = await completion.finish(ctx, row.enrollment_id)
    if settlement.status == "completed":
        return say(texts.COURSE_COMPLETED.format(title=literal(row.course_title)), my_learning_button())
    if settlement.awaiting_assessments:
        lines, buttons = steps.still_to_do(
            texts.STILL_TO_DO.format(title=literal(row.course_title)),
            await steps.pending(ctx, row.enrollment_id),
            row.course_code,
        )
        if lines:
            return say("\n".join(lines), *buttons, my_learning_button())
        return say(texts.AWAITING_ASSESSMENTS.format(title=literal(row.course_title)), my_learning_button())
    return say(texts.NOTHING_TO_OPEN.format(title=literal(row.course_title)), my_learning_button())


def step_of(row: Any) -> steps.Step:
    return steps.Step.from_row(row._mapping, prefix="step_")


def opened_item(row: Any) -> OpenedItem:
    quiz = None
    if row.content_type == "quiz" and row.assessment_id is not None:
        quiz = Quiz(
            assessment_id=row.assessment_id,
            title=literal(row.assessment_title_of_quiz),
            description=row.assessment_description,
            question_count=row.question_count,
            passing_score=row.passing_score,
            max_attempts=row.max_attempts,
            time_limit_minutes=row.time_limit,
            passed=row.quiz_passed,
            used=row.quiz_used or 0,
            pending=row.quiz_pending or 0,
            unfinished=row.quiz_unfinished or 0,
            best=row.quiz_best,
        )
    return OpenedItem(
        content_id=row.content_id,
        content_type=row.content_type,
        title=literal(row.title),
        description=row.description,
        required=row.required,
        file_url=row.file_url,
        file_size=row.file_size,
        duration_seconds=row.duration,
        data=row.content_data or {},
        course_code=row.course_code,
        module_position=row.module_position,
        module_count=row.module_count,
        item_position=row.item_position,
        item_count=row.items_in_module,
        percentage=row.progress_percentage,
        quiz=quiz,
    )


def my_learning_button() -> Button:
    return Button(label=texts.MY_LEARNING, command=ShowMyLearning())
