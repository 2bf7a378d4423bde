"""The command registry: a button's command is written as the line that parses back into the same command."""

import json
import uuid
from decimal import Decimal

import pytest

from adapters.chat.grammar import ShowHelp
from adapters.chat.phrases import full_grammar
from adapters.chat.prompts import with_text
from domain.announcements.commands import EditDraft, ListAnnouncements, StartAnnouncement, WithdrawAnnouncement
from domain.assessments.commands import (
    AnswerQuestion,
    GradeAssignment,
    GradeEssay,
    ListAssignments,
    ListQuizzes,
    ReturnAssignment,
    ShowAssessmentReport,
    ShowAssignment,
    ShowGradingQueue,
    ShowSubmissionQueue,
    StartAttempt,
    SubmitAssignment,
    SubmitAttempt,
)
from domain.certificates.commands import Recertify, ShowMyCertificates
from domain.learning.commands import BrowseCatalog, CompleteItem, ContinueCourse, DropCourse, Enroll, ShowMyLearning
from domain.messagebus import Command
from domain.messaging.commands import ArchiveMessage, ReplyToMessage, ShowInbox
from domain.organizations.commands import UpdateUser
from domain.replies import Button, Prompt, Quiz, Reply
from domain.sessions.commands import (
    CancelRegistration,
    CheckIn,
    CheckOut,
    DraftSession,
    ListSessions,
    RegisterForSession,
    ShowAttendance,
)

GRAMMAR = full_grammar()
ITEM = uuid.UUID("3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b")

# Every command the engine puts on a button, in each form it takes there.
BUTTON_COMMANDS: list[Command] = [
    ShowHelp(),
    BrowseCatalog(),
    BrowseCatalog(tag="security"),
    Enroll(course_code="SEC-101"),
    DropCourse(course_code="SEC-101"),
    ContinueCourse(),
    ContinueCourse(course_code="SEC-101"),
    ContinueCourse(course_code="SEC-101", after=ITEM),
    CompleteItem(),
    CompleteItem(content_id=ITEM),
    ShowMyLearning(),
    StartAttempt(assessment_id=ITEM),
    StartAttempt(assessment_id=ITEM, again=True),
    ListQuizzes(),
    SubmitAttempt(attempt_id=ITEM),
    AnswerQuestion(attempt_id=ITEM, number=2, answer="1"),
    ShowAssignment(assignment_id=ITEM),
    ListAssignments(),
    SubmitAssignment(assignment_id=ITEM, text="42"),
    SubmitAssignment(assignment_id=ITEM, text="see https://x.example/a", files=["https://x.example/a"]),
    ShowSubmissionQueue(),
    ReturnAssignment(submission_id=ITEM, feedback=""),
    ReturnAssignment(submission_id=ITEM, feedback="Please add the sources"),
    GradeAssignment(submission_id=ITEM, score=Decimal("8.5"), feedback="Good"),
    ShowGradingQueue(),
    GradeEssay(attempt_id=ITEM, question_id="q4", points=Decimal("2")),
    GradeEssay(attempt_id=ITEM, question_id="q4", points=Decimal("0.5")),
    ShowAssessmentReport(assessment="security-basics-quiz"),
    Recertify(course_code="SEC-101"),
    ShowMyCertificates(),
    ReplyToMessage(message_id=str(ITEM)),
    ArchiveMessage(message_id=str(ITEM)),
    ShowInbox(),
    StartAnnouncement(),
    ListAnnouncements(),
    WithdrawAnnouncement(announcement_id=str(ITEM)),
    EditDraft(draft_id="new", field="audience", value="SEC-101"),
    EditDraft(draft_id="new", field="audience", value="dept:IT"),
    EditDraft(draft_id=str(ITEM), field="priority", value="urgent"),
    EditDraft(draft_id=str(ITEM), field="pin", value="yes"),
    EditDraft(draft_id=str(ITEM), field="at", value="now"),
    EditDraft(draft_id=str(ITEM), field="send"),
    ListSessions(),
    RegisterForSession(reference=12),
    CancelRegistration(reference=12),
    CheckIn(reference=12),
    CheckOut(reference=12),
    ShowAttendance(reference=12),
]

# Every prompt the engine asks with, a line typed in answer, and the command that line makes.
PROMPTS: list[tuple[Prompt, str, Command]] = [
    (
        Prompt.of(AnswerQuestion, attempt_id=ITEM, number=3),
        "Lock  the screen",
        AnswerQuestion(attempt_id=ITEM, number=3, answer="Lock  the screen"),
    ),
    (
        Prompt.of(AnswerQuestion, attempt_id=ITEM, number=1, typed=True),
        "2",
        AnswerQuestion(attempt_id=ITEM, number=1, answer="2", typed=True),
    ),
    (
        Prompt.of(GradeEssay, attempt_id=ITEM, question_id="q4"),
        "2 Clear and complete",
        GradeEssay(attempt_id=ITEM, question_id="q4", points=Decimal(2), feedback="Clear and complete"),
    ),
    (
        Prompt.of(GradeAssignment, submission_id=ITEM),
        "9,5 Good work",
        GradeAssignment(submission_id=ITEM, score=Decimal("9.5"), feedback="Good work"),
    ),
    (
        Prompt.of(ReturnAssignment, submission_id=ITEM),
        "Add the sources",
        ReturnAssignment(submission_id=ITEM, feedback="Add the sources"),
    ),
    (
        Prompt.of(SubmitAssignment, assignment_id=ITEM, ask_if_accidental=True),
        "My essay: https://x.example/e",
        SubmitAssignment(
            assignment_id=ITEM,
            text="My essay: https://x.example/e",
            files=["https://x.example/e"],
            ask_if_accidental=True,
        ),
    ),
    (
        Prompt.of(ReplyToMessage, message_id=str(ITEM)),
        "Thanks, see you at 10",
        ReplyToMessage(message_id=str(ITEM), text="Thanks, see you at 10"),
    ),
    (
        Prompt.of(EditDraft, draft_id="new", field="audience"),
        "SEC-101",
        EditDraft(draft_id="new", field="audience", value="SEC-101"),
    ),
    (
        Prompt.of(EditDraft, draft_id=str(ITEM), field="title"),
        "Exam moved",
        EditDraft(draft_id=str(ITEM), field="title", value="Exam moved"),
    ),
    (Prompt.of(DraftSession, answers=()), "Fire safety", DraftSession(answers=("Fire safety",))),
    (
        Prompt.of(DraftSession, answers=("Fire safety", "2026-12-08 10:00")),
        "11:30",
        DraftSession(answers=("Fire safety", "2026-12-08 10:00", "11:30")),
    ),
    (
        Prompt.of(
            UpdateUser,
            employee_id="E-77",
            email="kim@acme.example",
            first_name="Kim",
            last_name="Lee",
            role="trainee",
            department_code=None,
        ),
        "yes",
        UpdateUser(employee_id="E-77", email="kim@acme.example", first_name="Kim", last_name="Lee", role="trainee"),
    ),
]


@pytest.mark.parametrize("command", BUTTON_COMMANDS, ids=lambda command: repr(command))
def test_a_buttons_command_is_written_as_the_line_that_parses_back_into_it(command: Command) -> None:
    parsed = GRAMMAR.parse(GRAMMAR.action_of(command))

    assert parsed is not None
    assert parsed.command == command


@pytest.mark.parametrize(("prompt", "typed", "command"), PROMPTS, ids=lambda value: repr(value)[:60])
def test_a_prompt_is_written_as_the_line_its_typed_answer_ends(prompt: Prompt, typed: str, command: Command) -> None:
    parsed = GRAMMAR.parse(with_text(GRAMMAR.prompt_line(prompt), typed))

    assert parsed is not None
    assert parsed.command == command


def test_a_prompt_no_phrase_can_write_is_refused() -> None:
    with pytest.raises(ValueError, match="no phrase takes a typed line for AnswerQuestion"):
        GRAMMAR.prompt_line(Prompt.of(AnswerQuestion, number=3))  # the attempt must come first


def test_a_quiz_and_a_prompt_are_written_with_the_buttons() -> None:
    answer = Prompt.of(AnswerQuestion, attempt_id=ITEM, number=1)
    typed = Prompt.of(AnswerQuestion, attempt_id=ITEM, number=1, typed=True)
    reply = Reply(text="Q?", quiz=Quiz(question="Q?", options=["a", "b"], answer=answer), prompt=typed)

    (written,) = GRAMMAR.with_actions([reply])

    assert written.quiz is not None
    assert (written.quiz.answer_action, written.quiz.answer) == (f"answer {ITEM} 1 ", None)
    assert (written.text_action, written.prompt) == (f"choose {ITEM} 1 ", None)


def test_a_button_kept_as_json_keeps_its_command_and_is_written_like_a_live_one() -> None:
    reply = Reply(
        text="A message from Ann",
        prompt=Prompt.of(ReplyToMessage, message_id=str(ITEM)),
        buttons=[
            Button(label="Reply", command=ReplyToMessage(message_id=str(ITEM))),
            Button(label="Again", command=StartAttempt(assessment_id=ITEM, again=True)),
            Button(label="Grade", command=GradeEssay(attempt_id=ITEM, question_id="q4", points=Decimal("1.5"))),
        ],
    )

    kept = Reply.model_validate(json.loads(json.dumps(reply.model_dump(mode="json"))))

    assert kept == reply
    assert GRAMMAR.with_actions([kept]) == GRAMMAR.with_actions([reply])


def test_a_kept_button_naming_no_command_is_refused() -> None:
    with pytest.raises(ValueError, match="no command is named 'Vanished'"):
        Button.model_validate({"label": "?", "command": {"command": "Vanished", "fields": {}}})


def test_buttons_carrying_commands_get_their_action_lines_before_rendering() -> None:
    reply = Reply(
        text="Next?",
        buttons=[
            Button(label="Continue", command=ContinueCourse(course_code="SEC-101")),
            Button(label="My", action="my"),
        ],
        choices=[Button(label="Yes", command=AnswerQuestion(attempt_id=ITEM, number=1, answer="0"))],
    )

    (written,) = GRAMMAR.with_actions([reply])

    assert [button.action for button in written.buttons] == ["continue SEC-101", "my"]
    assert [button.action for button in written.choices] == [f"answer {ITEM} 1 0"]
    assert all(button.command is None for button in (*written.buttons, *written.choices))


def test_a_command_no_phrase_writes_is_refused_rather_than_sent_as_a_dead_button() -> None:
    class Unwritten(Command):
        pass

    with pytest.raises(ValueError, match="no phrase writes Unwritten"):
        GRAMMAR.with_actions([Reply(text="x", buttons=[Button(label="?", command=Unwritten())])])


def test_a_button_that_runs_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="command= or action="):
        Button(label="Nothing")
