"""What the command line asks of assessments: the instructors' figures for a course (written as CSV there)."""

from domain.assessments.access import course_by_code
from domain.assessments.reports import AssessmentFigures, CourseFigures, assessment_figures, course_figures
from domain.command import Command, Operation
from domain.messagebus import OperationHandler
from domain.unit_of_work import UnitOfWork


class ReportOnAssessments(Operation[list[AssessmentFigures]]):
    """Per assessment of the course: attempts, pass rate, average, and each question's share right."""

    course_code: str


class ReportOnCourse(Operation[CourseFigures]):
    """The course's enrolled, not started, in progress, completed, overdue and dropped counts."""

    course_code: str


async def reporting_on_assessments(uow: UnitOfWork, command: ReportOnAssessments) -> list[AssessmentFigures]:
    course = await course_by_code(uow.session, command.course_code)
    return await assessment_figures(uow.session, course.id)


async def reporting_on_course(uow: UnitOfWork, command: ReportOnCourse) -> CourseFigures:
    course = await course_by_code(uow.session, command.course_code)
    return await course_figures(uow.session, course.id)


OPERATIONS: dict[type[Command], OperationHandler] = {
    ReportOnAssessments: reporting_on_assessments,
    ReportOnCourse: reporting_on_course,
}
