"""The reports in chat: for the course's instructor, or an admin of the organization."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import true

from domain.assessments import texts
from domain.assessments.access import course_by_code, managed_courses, require_manager
from domain.assessments.commands import ShowAssessmentReport, ShowCourseReport
from domain.assessments.references import matching, quizzes_of, reference
from domain.assessments.reports import AssessmentFigures, assessment_figures, course_figures
from domain.errors import NotFound
from domain.messagebus import Context
from domain.replies import Button, Reply, literal


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
    """Attempts, pass rate, average score and the share answered correctly per question; without a quiz named
    (or one named ambiguously), the quizzes of the person's courses to pick from."""
    ctx.actor.require_staff(texts.DOING_REPORTS)
    if command.assessment is None:
        mine = await ctx.session.execute(quizzes_of(managed_courses(ctx)))
        return [which_quiz([tuple(row) for row in mine.all()], texts.WHICH_QUIZ)]
    every = await ctx.session.execute(quizzes_of(true()))
    found = matching([tuple(row) for row in every.all()], command.assessment)
    if not found:
        raise NotFound(texts.NO_QUIZ_NAMED.format(name=literal(command.assessment)))
    if len(found) > 1:
        return [which_quiz(found, texts.SEVERAL_QUIZZES.format(name=literal(command.assessment)))]
    assessment, course = found[0]
    require_manager(ctx, course.instructor_id, course.title)
    figures = await assessment_figures(ctx.session, course.id, assessment.id)
    return [Reply(text=assessment_text(figures[0]))]


def which_quiz(rows: Sequence[tuple[Any, ...]], heading: str) -> Reply:
    """The quizzes to pick from, each with its reference and a button."""
    if not rows:
        return Reply(text=texts.NO_QUIZZES)
    lines = [heading]
    buttons = []
    for assessment, course in rows:
        name = reference(assessment)
        lines.append(
            texts.QUIZ_CHOICE.format(title=literal(assessment.title), course=course.course_code, reference=name)
        )
        buttons.append(Button(label=assessment.title, command=ShowAssessmentReport(assessment=name)))
    return Reply(text="\n".join(lines), buttons=buttons)


async def show_course_report(ctx: Context, command: ShowCourseReport) -> list[Reply]:
    """Enrolled, in progress, completed and overdue counts of a course, then its assessments."""
    ctx.actor.require_staff(texts.DOING_REPORTS)
    course = await course_by_code(ctx.session, command.course_code)
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
