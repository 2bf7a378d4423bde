"""The reports in chat: for the course's instructor, or an admin of the organization."""

from sqlalchemy import select

from domain.assessments import texts
from domain.assessments.access import course_by_code, require_manager
from domain.assessments.commands import ShowAssessmentReport, ShowCourseReport
from domain.assessments.reports import AssessmentFigures, assessment_figures, course_figures
from domain.errors import NotFound
from domain.messagebus import Context
from domain.models import Assessment, Course
from domain.replies import Reply, literal


def plural(count: int) -> str:
    return "" if count == 1 else "s"


def assessment_text(figures: AssessmentFigures) -> str:
    lines = [
        texts.ASSESSMENT_REPORT.format(
            title=literal(figures.title),
            attempts=figures.attempts,
            s=plural(figures.attempts),
            trainees=figures.trainees,
            ts=plural(figures.trainees),
            pass_rate=texts.percent(figures.pass_rate),
            average=texts.percent(figures.average_score),
        )
    ]
    for question in figures.questions:
        lines.append(
            texts.QUESTION_LINE.format(
                question_id=question.question_id,
                correct=texts.percent(question.correct_share),
                answers=question.marked,
                s=plural(question.marked),
            )
        )
    return "\n".join(lines)


async def show_assessment_report(ctx: Context, command: ShowAssessmentReport) -> list[Reply]:
    """Attempts, pass rate, average score and the share answered correctly per question."""
    ctx.actor.require_staff(texts.DOING_REPORTS)
    found = (
        await ctx.session.execute(
            select(Assessment.course_id, Course.instructor_id, Course.title)
            .join(Course, Course.id == Assessment.course_id)
            .where(Assessment.id == command.assessment_id)
        )
    ).first()
    if found is None:
        raise NotFound(texts.QUIZ_NOT_FOUND)
    course_id, instructor_id, title = found
    require_manager(ctx, instructor_id, title)
    figures = await assessment_figures(ctx.session, course_id, command.assessment_id)
    return [Reply(text=assessment_text(figures[0]))]


async def show_course_report(ctx: Context, command: ShowCourseReport) -> list[Reply]:
    """Enrolled, in progress, completed and overdue counts of a course, then its assessments."""
    ctx.actor.require_staff(texts.DOING_REPORTS)
    course = await course_by_code(ctx, command.course_code)
    require_manager(ctx, course.instructor_id, course.title)
    figures = await course_figures(ctx.session, course.id)
    replies = [
        Reply(
            text=texts.COURSE_REPORT.format(
                code=figures.course_code, title=literal(figures.title), **figures_counts(figures)
            )
        )
    ]
    replies += [Reply(text=assessment_text(a)) for a in await assessment_figures(ctx.session, course.id)]
    return replies


def figures_counts(figures: object) -> dict[str, int]:
    names = ("enrolled", "not_started", "in_progress", "completed", "overdue", "dropped")
    return {name: getattr(figures, name) for name in names}
