"""Chat words for quizzes, assignments, grading and reports."""

import re

from adapters.chat.grammar import Audience, Grammar, Phrase, Words, Writes
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
from domain.assessments.references import as_uuid
from domain.messagebus import Command


def quiz(words: Words) -> Command:
    """quiz (the person's quizzes), quiz NAME (by its key or title), or quiz ID (a button's)."""
    if not words.tokens:
        return ListQuizzes()
    name = words.rest_after(0)
    if as_uuid(name) is not None:
        return words.make(StartAttempt, assessment_id=name)
    return words.make(ListQuizzes, name=name)


def retake(words: Words) -> Command:
    """retake ID: another attempt at a quiz already passed (the button where the person stands)."""
    return words.make(StartAttempt, assessment_id=words.exactly(1)[0], again=True)


def answer(words: Words) -> Command:
    """answer ATTEMPT NUMBER ANSWER: the option's position, or the typed text (kept as typed)."""
    tokens = words.tokens
    if len(tokens) < 3 or not tokens[1].isdigit():
        words.fail()
    return words.make(AnswerQuestion, attempt_id=tokens[0], number=int(tokens[1]), answer=words.rest_after(2))


def choose(words: Words) -> Command:
    """choose ATTEMPT NUMBER TEXT: a typed reply to a question with options (its number as shown, or words)."""
    tokens = words.tokens
    if len(tokens) < 3 or not tokens[1].isdigit():
        words.fail()
    return words.make(
        AnswerQuestion, attempt_id=tokens[0], number=int(tokens[1]), answer=words.rest_after(2), typed=True
    )


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


GRADE_BY_REPLY = (
    "To grade an essay answer, type *grading* and reply to the answer shown with its points and optional "
    "feedback (e.g. `2 Clear and complete`), or press one of its points buttons."
)
GRADE_REPLY_HINT = (
    "Please start your reply with the points (a number, e.g. `2`), then any feedback: `2 Clear and complete`. "
    "The answer is still waiting for your grade."
)
GRADE_ASSIGNMENT_BY_REPLY = (
    "To grade a submission, type *submissions* and reply to the one shown with its score and optional feedback "
    "(e.g. `9 Good work`), or press *Return for rework*."
)
GRADE_ASSIGNMENT_REPLY_HINT = (
    "Please start your reply with the score (a number, e.g. `9`), then any feedback: `9 Good work`. "
    "The submission is still waiting for your grade."
)
RETAKE_BY_BUTTON = "To take a quiz again, type *quiz NAME* (or *quiz* to see yours) and press *Take it again*."
ANSWER_BY_BUTTON = (
    "Answer a quiz question by pressing one of its options or replying to it; type *quiz* to pick up where you "
    "left off."
)
SUBMIT_BY_ANSWERING = (
    "A quiz attempt is handed in when you answer its last question; type *quiz* to see where you stand."
)
HAND_IN_BY_REPLY = (
    "To hand in your work, type *assignment NAME* (or *assignments* to see yours), then send the work as your "
    "next message."
)
RETURN_BY_BUTTON = "To send a submission back for rework, type *submissions* and press its *Return for rework* button."

URL = re.compile(r"https?://\S+")


def assignments(words: Words) -> Command:
    code = words.at_most(1)
    return words.make(ListAssignments, course_code=code[0] if code else None)


def assignment(words: Words) -> Command:
    """assignment NAME (its title or words of it) or assignment ID (a button's)."""
    name = words.rest_after(0)
    if as_uuid(name) is not None:
        return words.make(ShowAssignment, assignment_id=name)
    return words.make(ShowAssignment, name=name)


def hand_in(words: Words) -> Command:
    """handin ASSIGNMENT WORK: the text as typed; the links in it are also its files."""
    tokens = words.tokens
    if len(tokens) < 2:
        words.fail()
    work = words.rest_after(1)
    return words.make(
        SubmitAssignment, assignment_id=tokens[0], text=work, files=URL.findall(work), ask_if_accidental=True
    )


def hand_in_anyway(words: Words) -> Command:
    """handin-ok ASSIGNMENT WORK: hand in work that looked accidental, as confirmed."""
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
    """report CODE (a course), or report quiz [NAME] (a quiz by its key, title or id; without one: which?)."""
    tokens = words.tokens
    if tokens and tokens[0].lower() == "quiz":
        return words.make(ShowAssessmentReport, assessment=words.rest_after(1) if len(tokens) > 1 else None)
    return words.make(ShowCourseReport, course_code=words.exactly(1)[0])


def quiz_report(words: Words) -> Command:
    """quiz-report NAME: what a quiz's button in `report quiz` runs."""
    return words.make(ShowAssessmentReport, assessment=words.rest_after(0))


def register(grammar: Grammar) -> None:
    add = grammar.add
    add(
        Phrase(
            ("quiz", "quizzes"),
            StartAttempt,
            quiz,
            "quiz [NAME]",
            "your quizzes and where you stand, or start one by its name",
            writes=(
                Writes(StartAttempt, ("assessment_id",), when={"again": False}),
                Writes(ListQuizzes, ("name",)),
            ),
        )
    )
    add(
        Phrase(
            ("retake",),
            StartAttempt,
            retake,
            "retake ID",
            "take a passed quiz again",
            listed=False,
            writes=(Writes(StartAttempt, ("assessment_id",), when={"again": True}),),
            explain=RETAKE_BY_BUTTON,
        )
    )
    add(
        Phrase(
            ("answer",),
            AnswerQuestion,
            answer,
            "answer ATTEMPT NUMBER ANSWER",
            "answer a question",
            listed=False,
            writes=(Writes(AnswerQuestion, ("attempt_id", "number", "answer"), when={"typed": False}),),
            explain=ANSWER_BY_BUTTON,
        )
    )
    add(
        Phrase(
            ("choose",),
            AnswerQuestion,
            choose,
            "choose ATTEMPT NUMBER OPTION",
            "answer a question by typing its option",
            listed=False,
            writes=(Writes(AnswerQuestion, ("attempt_id", "number", "answer"), when={"typed": True}),),
            explain=ANSWER_BY_BUTTON,
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
            explain=SUBMIT_BY_ANSWERING,
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
            "assignment NAME",
            "one assignment in full, to hand in your work",
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
            writes=(Writes(SubmitAssignment, ("assignment_id", "text"), when={"ask_if_accidental": True}),),
            explain=HAND_IN_BY_REPLY,
        )
    )
    add(
        Phrase(
            ("handin-ok",),
            SubmitAssignment,
            hand_in_anyway,
            "handin-ok ASSIGNMENT WORK",
            "hand in work that looks too short, as confirmed",
            listed=False,
            writes=(Writes(SubmitAssignment, ("assignment_id", "text"), when={"ask_if_accidental": False}),),
            explain=HAND_IN_BY_REPLY,
        )
    )
    add(
        Phrase(
            ("submissions",),
            ShowSubmissionQueue,
            submissions,
            "submissions [CODE]",
            "assignment submissions waiting for your grade (reply with the score)",
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
            explain=GRADE_ASSIGNMENT_BY_REPLY,
            reply_hint=GRADE_ASSIGNMENT_REPLY_HINT,
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
            explain=RETURN_BY_BUTTON,
        )
    )
    add(
        Phrase(
            ("grading",),
            ShowGradingQueue,
            grading,
            "grading [CODE]",
            "essay answers waiting for your grade (reply with the points)",
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
            listed=False,
            arguments=("attempt_id", "question_id", "points", "feedback"),
            explain=GRADE_BY_REPLY,
            reply_hint=GRADE_REPLY_HINT,
        )
    )
    add(
        Phrase(
            ("report",),
            ShowCourseReport,
            report,
            "report CODE | report quiz [NAME]",
            "course or quiz statistics",
            Audience.STAFF,
            example="report SEC-101",
        )
    )
    add(
        Phrase(
            ("quiz-report",),
            ShowAssessmentReport,
            quiz_report,
            "report quiz NAME",
            "one quiz's statistics",
            Audience.STAFF,
            listed=False,
            arguments=("assessment",),
        )
    )
