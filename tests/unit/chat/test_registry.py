"""The command registry: a button's command is written as the line that parses back into the same command."""

import uuid
from decimal import Decimal

import pytest

from adapters.chat.grammar import ShowHelp
from adapters.chat.phrases import full_grammar
from domain.assessments.commands import (
    AnswerQuestion,
    GradeAssignment,
    ReturnAssignment,
    ShowAssignment,
    StartAttempt,
    SubmitAttempt,
)
from domain.assessments.ids import short_id
from domain.learning import texts as learning_texts
from domain.learning.commands import BrowseCatalog, CompleteItem, ContinueCourse, DropCourse, Enroll, ShowMyLearning
from domain.messagebus import Command
from domain.replies import Button, Reply

GRAMMAR = full_grammar()
ITEM = uuid.UUID("3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b")

BUTTON_COMMANDS: list[Command] = [
    ShowHelp(),
    BrowseCatalog(),
    BrowseCatalog(tag="security"),
    Enroll(course_code="SEC-101"),
    DropCourse(course_code="SEC-101"),
    ContinueCourse(),
    ContinueCourse(course_code="SEC-101"),
    CompleteItem(),
    CompleteItem(content_id=ITEM),
    ShowMyLearning(),
    StartAttempt(assessment_id=ITEM),
    SubmitAttempt(attempt_id=ITEM),
    AnswerQuestion(attempt_id=ITEM, number=2, answer="1"),
    ShowAssignment(assignment_id=ITEM),
    ReturnAssignment(submission_id=ITEM, feedback=""),
    ReturnAssignment(submission_id=ITEM, feedback="Please add the sources"),
    GradeAssignment(submission_id=ITEM, score=Decimal("8.5"), feedback="Good"),
]


@pytest.mark.parametrize("command", BUTTON_COMMANDS, ids=lambda command: repr(command))
def test_a_buttons_command_is_written_as_the_line_that_parses_back_into_it(command: Command) -> None:
    parsed = GRAMMAR.parse(GRAMMAR.action_of(command))

    assert parsed is not None
    assert parsed.command == command


def test_the_engines_own_action_lines_parse_into_the_commands_they_stand_for() -> None:
    expected = {
        learning_texts.enroll_action("SEC-101"): Enroll(course_code="SEC-101"),
        learning_texts.continue_action("SEC-101"): ContinueCourse(course_code="SEC-101"),
        learning_texts.continue_action(): ContinueCourse(),
        learning_texts.done_action(ITEM): CompleteItem(content_id=ITEM),
        learning_texts.quiz_action(ITEM): StartAttempt(assessment_id=ITEM),
        learning_texts.catalog_action(): BrowseCatalog(),
        learning_texts.MY_LEARNING_ACTION: ShowMyLearning(),
        f"assignment {short_id(ITEM)}": ShowAssignment(assignment_id=ITEM),
    }
    for line, command in expected.items():
        parsed = GRAMMAR.parse(line)
        assert parsed is not None
        assert parsed.command == command, line


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
