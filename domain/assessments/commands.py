"""What trainees and instructors ask of assessments and assignments. Ids take the UUID or its short form."""

from decimal import Decimal

from pydantic import Field

from domain.assessments.ids import Id
from domain.messagebus import Command


class StartAttempt(Command):
    """Start (or resume) an attempt at a quiz of a course the trainee is enrolled in.

    After a pass, or while an attempt waits for its grade, the trainee is told where they stand instead;
    `again` starts another attempt anyway (while attempts are left)."""

    assessment_id: Id
    again: bool = False


class ListQuizzes(Command):
    """The quizzes of the trainee's courses and where they stand; with a name, that quiz (started or shown)."""

    name: str | None = None


class AnswerQuestion(Command):
    """Answer question `number` (its place in the attempt, 1 is the first).

    `answer` is the shown option's position (0 is the first) for multiple choice and true/false,
    the text itself for short answers and essays. `typed`: the person typed it instead of pressing an
    option, so for a question with options it is the option's number as shown (1 is the first) or its words.
    """

    attempt_id: Id
    number: int
    answer: str
    typed: bool = False


class SubmitAttempt(Command):
    """Hand in an attempt now; unanswered questions count as wrong."""

    attempt_id: Id


class ShowGradingQueue(Command):
    """Essay answers waiting for a grade, oldest first (one course, or every course the person teaches)."""

    course_code: str | None = None


class GradeEssay(Command):
    attempt_id: Id
    question_id: str
    points: Decimal
    feedback: str | None = None


class ListAssignments(Command):
    """The trainee's assignments with due dates and where each stands."""

    course_code: str | None = None


class ShowAssignment(Command):
    """One assignment in full: by its id (a button's) or its title or words of it (typed)."""

    assignment_id: Id | None = None
    name: str | None = None


class SubmitAssignment(Command):
    """Hand in (or replace, until graded) the trainee's work: text and/or file references."""

    assignment_id: Id
    text: str | None = None
    files: list[str] = Field(default_factory=list)
    # Typed in chat: work that looks accidental (a lone number, a word or two) is asked about before it counts.
    ask_if_accidental: bool = False


class ShowSubmissionQueue(Command):
    """Assignment submissions waiting for a grade, oldest first."""

    course_code: str | None = None


class GradeAssignment(Command):
    submission_id: Id
    score: Decimal
    feedback: str | None = None


class ReturnAssignment(Command):
    """Send a submission back for rework; the trainee may submit again."""

    submission_id: Id
    feedback: str


class ShowAssessmentReport(Command):
    """One quiz's figures; `assessment` is its key from the course file, its title or its id (None: which?)."""

    assessment: str | None = None


class ShowCourseReport(Command):
    course_code: str
