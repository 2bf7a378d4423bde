"""The command grammar: text in, an engine command out; friendly usage for bad arguments; None for unknown words."""

import re
import uuid
from datetime import date

import pytest

from adapters.chat.grammar import Audience, Grammar, Phrase, ShowHelp, command_word, core_grammar
from adapters.chat.help import help_reply, short_help
from adapters.chat.phrases import full_grammar
from domain.assessments.commands import AnswerQuestion, GradeEssay, ShowAssessmentReport, ShowCourseReport
from domain.errors import InvalidInput
from domain.learning.commands import (
    AssignCourse,
    BrowseCatalog,
    CompleteItem,
    ContinueCourse,
    DropCourse,
    Enroll,
    ShowMyLearning,
)
from domain.messagebus import Command

grammar = full_grammar()


def command(text: str) -> Command:
    parsed = grammar.parse(text)
    assert parsed is not None, text
    return parsed.command


@pytest.mark.parametrize(
    "text", ["enroll SEC-101", "ENROLL SEC-101", "  enroll    SEC-101  ", "/enroll SEC-101", "/Enroll@LearnBot SEC-101"]
)
def test_commands_are_case_insensitive_tolerate_spaces_and_a_leading_slash(text: str) -> None:
    assert command(text) == Enroll(course_code="SEC-101")


def test_the_everyday_commands_make_their_engine_commands() -> None:
    assert command("courses") == BrowseCatalog()
    assert command("courses security") == BrowseCatalog(tag="security")
    assert command("my") == ShowMyLearning()
    assert command("continue") == ContinueCourse()
    assert command("next SEC-101") == ContinueCourse(course_code="SEC-101")
    assert command("done") == CompleteItem()
    assert command("drop SEC-101") == DropCourse(course_code="SEC-101")
    assert isinstance(command("help"), ShowHelp)


def test_done_takes_the_item_a_button_names() -> None:
    item = uuid.uuid4()
    assert command(f"done {item}") == CompleteItem(content_id=item)


def test_a_known_word_with_missing_arguments_answers_with_its_usage_and_an_example() -> None:
    with pytest.raises(InvalidInput, match=r"Usage: `enroll CODE`, e\.g\. `enroll SEC-101`"):
        grammar.parse("enroll")


def test_a_known_word_with_too_many_arguments_answers_with_its_usage() -> None:
    with pytest.raises(InvalidInput, match="Usage"):
        grammar.parse("my courses please")


def test_an_unknown_word_or_free_text_is_no_command() -> None:
    assert grammar.parse("frobnicate") is None
    assert grammar.parse("hello, how are you?") is None
    assert grammar.parse("") is None
    assert grammar.parse("42") is None


def test_an_answer_keeps_the_typed_text_with_its_inner_spacing() -> None:
    attempt = uuid.uuid4()
    answer = command(f"answer {attempt} 4 Lock the screen,  then\nleave.")
    assert answer == AnswerQuestion(attempt_id=attempt, number=4, answer="Lock the screen,  then\nleave.")


def test_an_answer_takes_the_short_form_of_the_attempt_id() -> None:
    from domain.assessments.ids import short_id

    attempt = uuid.uuid4()
    assert command(f"answer {short_id(attempt)} 1 2") == AnswerQuestion(attempt_id=attempt, number=1, answer="2")


def test_assigning_takes_a_person_or_a_department_and_an_optional_due_date() -> None:
    assert command("assign SEC-101 tom@acme.example") == AssignCourse(course_code="SEC-101", email="tom@acme.example")
    assert command("assign SEC-101 IT 2026-12-31") == AssignCourse(
        course_code="SEC-101", department_code="IT", due_date=date(2026, 12, 31)
    )


@pytest.mark.parametrize("text", ["assign SEC-101", "assign SEC-101 IT tomorrow", "assign SEC-101 IT 2026-02-30"])
def test_assigning_with_bad_arguments_answers_with_the_usage(text: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape("Usage: `assign CODE EMAIL|DEPARTMENT [YYYY-MM-DD]`")):
        grammar.parse(text)


def test_grading_takes_points_and_optional_feedback() -> None:
    attempt = uuid.uuid4()
    graded = command(f"grade {attempt} q4 2,5 Clear and   complete")
    assert graded == GradeEssay(attempt_id=attempt, question_id="q4", points="2.5", feedback="Clear and   complete")


def test_a_report_is_of_a_course_or_of_a_quiz() -> None:
    quiz = uuid.uuid4()
    assert command("report SEC-101") == ShowCourseReport(course_code="SEC-101")
    assert command(f"report quiz {quiz}") == ShowAssessmentReport(assessment=str(quiz))
    assert command("report quiz  Security Basics ") == ShowAssessmentReport(assessment="Security Basics")
    assert command("report quiz") == ShowAssessmentReport()


def test_a_bad_id_of_a_button_command_answers_how_to_do_it_instead_of_the_usage() -> None:
    with pytest.raises(InvalidInput, match="Answer a quiz question by pressing one of its options"):
        grammar.parse("answer not-an-id 1 2")


def test_a_bad_value_answers_with_the_usage() -> None:
    with pytest.raises(InvalidInput, match="Usage: `assign"):
        grammar.parse("assign SEC-101 tom@acme.example 2026-13-45")


def test_telegram_start_with_a_spent_code_is_help_for_a_linked_person() -> None:
    assert isinstance(command("/start Zm9vYmFy"), ShowHelp)


def test_the_command_word_is_lower_cased_and_split_from_the_rest() -> None:
    assert command_word("/Courses@LearnBot  tag x") == ("courses", "tag x")
    assert command_word("¿qué?") is None


def test_phrases_without_a_handler_are_left_out() -> None:
    kept = grammar.keep_only({Enroll, ShowHelp})
    assert kept.knows("enroll")
    assert kept.knows("help")
    assert not kept.knows("courses")


def test_a_word_registered_twice_is_a_wiring_mistake() -> None:
    again = core_grammar()
    with pytest.raises(ValueError, match="twice"):
        again.add(Phrase(("help",), ShowHelp, lambda words: ShowHelp(), "help", "again"))


def test_help_lists_staff_commands_only_to_staff() -> None:
    trainee = help_reply(grammar, Audience.EVERYONE).text
    instructor = help_reply(grammar, Audience.STAFF).text
    admin = help_reply(grammar, Audience.ADMIN).text
    assert "enroll CODE" in trainee
    assert "assign CODE" not in trainee
    assert "assign CODE" in instructor
    assert "deactivate EMAIL" not in instructor
    assert "deactivate EMAIL" in admin
    assert "answer ATTEMPT" not in admin  # buttons only


def test_help_and_the_short_help_offer_buttons_for_the_everyday_commands() -> None:
    (written,) = grammar.with_actions([help_reply(grammar, Audience.EVERYONE)])
    assert [b.action for b in written.buttons] == ["courses", "my", "continue"]
    reply = short_help(Grammar(), "frobnicate")
    assert "frobnicate" in reply.text
    assert [b.command for b in reply.buttons] == [ShowHelp()]
    (written,) = grammar.with_actions([reply])
    assert [b.action for b in written.buttons] == ["help"]


def test_text_that_names_no_command_suggests_the_closest_command_the_person_may_use() -> None:
    assert "Did you mean *assignments*?" in short_help(grammar, "asignments").text
    assert "Did you mean *courses*?" in short_help(grammar, "the cursos please").text
    assert "Did you mean" not in short_help(grammar, "what is this?").text
    assert short_help(grammar, "7").text.startswith("There is no option 7 to pick right now.")
    # `assign` is for instructors: a trainee is not pointed at it.
    assert "*assign*" not in short_help(grammar, "asign", Audience.EVERYONE).text
    assert "Did you mean *assign*?" in short_help(grammar, "asign", Audience.STAFF).text
