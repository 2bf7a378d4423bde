"""Chat words for quizzes, assignments, grading and reports."""

import re

from adapters.chat.grammar import Audience, Grammar, Phrase, Words
from domain.assessments.commands import (
    AnswerQuestion,
    GradeAssignment,
    GradeEssay,
    ListAssignments,
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
from domain.messagebus import Command


def quiz(words: Words) -> Command:
    return words.make(StartAttempt, assessment_id=words.exactly(1)[0])


def answer(words: Words) -> Command:
    """answer ATTEMPT NUMBER ANSWER: the option's position, or the typed text (kept as typed)."""
    tokens = words.tokens
    if len(tokens) < 3 or not tokens[1].isdigit():
        words.fail()
    return words.make(AnswerQuestion, attempt_id=tokens[0], number=int(tokens[1]), answer=words.rest_after(2))


def submit(words: Words) -> Command:
    return words.make(SubmitAttempt, attempt_id=words.exactly(1)[0])


def grading(words: Words) -> Command:
    code = words.at_most(1)
    return words.make(ShowGradingQueue, course_code=code[0] if code else None)


def grade(words: Words) -> Command:
    """grade ATTEMPT QUESTION POINTS [FEEDBACK]"""
    tokens = words.tokens
    if len(tokens) < 3:
        words.fail()
    feedback = words.rest_after(3) if len(tokens) > 3 else None
    return words.make(
        GradeEssay, attempt_id=tokens[0], question_id=tokens[1], points=tokens[2].replace(",", "."), feedback=feedback
    )


URL = re.compile(r"https?://\S+")


def assignments(words: Words) -> Command:
    code = words.at_most(1)
    return words.make(ListAssignments, course_code=code[0] if code else None)


def assignment(words: Words) -> Command:
    return words.make(ShowAssignment, assignment_id=words.exactly(1)[0])


def hand_in(words: Words) -> Command:
    """handin ASSIGNMENT WORK: the text as typed; the links in it are also its files."""
    tokens = words.tokens
    if len(tokens) < 2:
        words.fail()
    work = words.rest_after(1)
    return words.make(SubmitAssignment, assignment_id=tokens[0], text=work, files=URL.findall(work))


def submissions(words: Words) -> Command:
    code = words.at_most(1)
    return words.make(ShowSubmissionQueue, course_code=code[0] if code else None)


def grade_assignment(words: Words) -> Command:
    """grade-assignment SUBMISSION SCORE [FEEDBACK]"""
    tokens = words.tokens
    if len(tokens) < 2:
        words.fail()
    feedback = words.rest_after(2) if len(tokens) > 2 else None
    return words.make(GradeAssignment, submission_id=tokens[0], score=tokens[1].replace(",", "."), feedback=feedback)


def return_assignment(words: Words) -> Command:
    """return SUBMISSION FEEDBACK (without feedback the engine asks for it)."""
    tokens = words.tokens
    if not tokens:
        words.fail()
    feedback = words.rest_after(1) if len(tokens) > 1 else ""
    return words.make(ReturnAssignment, submission_id=tokens[0], feedback=feedback)


def report(words: Words) -> Command:
    """report CODE (a course) or report quiz ID (an assessment)."""
    tokens = words.tokens
    if len(tokens) == 2 and tokens[0].lower() == "quiz":
        return words.make(ShowAssessmentReport, assessment_id=tokens[1])
    return words.make(ShowCourseReport, course_code=words.exactly(1)[0])


def register(grammar: Grammar) -> None:
    add = grammar.add
    add(Phrase(("quiz",), StartAttempt, quiz, "quiz ID", "start or resume a quiz", arguments=("assessment_id",)))
    add(
        Phrase(
            ("answer",),
            AnswerQuestion,
            answer,
            "answer ATTEMPT NUMBER ANSWER",
            "answer a question",
            listed=False,
            arguments=("attempt_id", "number", "answer"),
        )
    )
    add(
        Phrase(
            ("submit",),
            SubmitAttempt,
            submit,
            "submit ATTEMPT",
            "hand in a quiz attempt",
            listed=False,
            arguments=("attempt_id",),
        )
    )
    add(
        Phrase(
            ("assignments",),
            ListAssignments,
            assignments,
            "assignments [CODE]",
            "my assignments and due dates",
            arguments=("course_code",),
        )
    )
    add(
        Phrase(
            ("assignment",),
            ShowAssignment,
            assignment,
            "assignment ID",
            "one assignment in full",
            listed=False,
            arguments=("assignment_id",),
        )
    )
    add(
        Phrase(
            ("handin",),
            SubmitAssignment,
            hand_in,
            "handin ASSIGNMENT WORK",
            "hand in your work (text and links)",
            listed=False,
        )
    )
    add(
        Phrase(
            ("submissions",),
            ShowSubmissionQueue,
            submissions,
            "submissions [CODE]",
            "assignment submissions waiting for your grade",
            Audience.STAFF,
            arguments=("course_code",),
        )
    )
    add(
        Phrase(
            ("grade-assignment",),
            GradeAssignment,
            grade_assignment,
            "grade-assignment SUBMISSION SCORE [FEEDBACK]",
            "grade a submission",
            Audience.STAFF,
            listed=False,
            arguments=("submission_id", "score", "feedback"),
        )
    )
    add(
        Phrase(
            ("return",),
            ReturnAssignment,
            return_assignment,
            "return SUBMISSION FEEDBACK",
            "send a submission back for rework",
            Audience.STAFF,
            listed=False,
            arguments=("submission_id", "feedback"),
        )
    )
    add(
        Phrase(
            ("grading",),
            ShowGradingQueue,
            grading,
            "grading [CODE]",
            "essay answers waiting for your grade",
            Audience.STAFF,
            arguments=("course_code",),
        )
    )
    add(
        Phrase(
            ("grade",),
            GradeEssay,
            grade,
            "grade ATTEMPT QUESTION POINTS [FEEDBACK]",
            "grade an essay answer",
            Audience.STAFF,
        )
    )
    add(
        Phrase(
            ("report",),
            ShowCourseReport,
            report,
            "report CODE | report quiz ID",
            "course or quiz statistics",
            Audience.STAFF,
            example="report SEC-101",
        )
    )
