"""The assessments area's commands and their handlers, for the composition root to merge."""

from domain.assessments.answering import answer_question
from domain.assessments.assignment_grading import grade_assignment, return_assignment, show_submission_queue
from domain.assessments.assignments import list_assignments, show_assignment
from domain.assessments.commands import (
    AnswerQuestion,
    GradeAssignment,
    GradeEssay,
    ListAssignments,
    ListQuizzes,
    ReturnAssignment,
    ShowAssessmentReport,
    ShowAssignment,
    ShowCourseReport,
    ShowGradingQueue,
    ShowSubmissionQueue,
    StartAttempt,
    SubmitAssignment,
    SubmitAttempt,
)
from domain.assessments.essays import grade_essay, show_grading_queue
from domain.assessments.finishing import submit_attempt
from domain.assessments.handing_in import submit_assignment
from domain.assessments.quizzes import list_quizzes
from domain.assessments.reporting import show_assessment_report, show_course_report
from domain.assessments.starting import start_attempt
from domain.messagebus import Command, Handler

HANDLERS: dict[type[Command], Handler] = {
    StartAttempt: start_attempt,
    ListQuizzes: list_quizzes,
    AnswerQuestion: answer_question,
    SubmitAttempt: submit_attempt,
    ShowGradingQueue: show_grading_queue,
    GradeEssay: grade_essay,
    ListAssignments: list_assignments,
    ShowAssignment: show_assignment,
    SubmitAssignment: submit_assignment,
    ShowSubmissionQueue: show_submission_queue,
    GradeAssignment: grade_assignment,
    ReturnAssignment: return_assignment,
    ShowAssessmentReport: show_assessment_report,
    ShowCourseReport: show_course_report,
}
