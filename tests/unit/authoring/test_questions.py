"""Questions in the seed's JSON structure: validation by path and reason."""

from typing import Any

import pytest
from pydantic import ValidationError

from domain.assessments.questions import (
    QuestionSet,
    ShortAnswer,
    question_problems,
)


def questions(*items: dict[str, Any]) -> dict[str, Any]:
    return {"questions": list(items)}


MULTIPLE_CHOICE = {
    "id": "q1",
    "type": "multiple_choice",
    "question": "2 + 2?",
    "options": ["3", "4"],
    "correct_answer": 1,
}
TRUE_FALSE = {"id": "q2", "type": "true_false", "question": "The sky is blue.", "correct_answer": True}
SHORT_ANSWER = {"id": "q3", "type": "short_answer", "question": "Capital of France?", "correct_answer": ["Paris"]}
ESSAY = {"id": "q4", "type": "essay", "question": "Why?", "points": 2.5}


def test_the_four_question_types_validate_and_keep_the_seed_structure() -> None:
    parsed = QuestionSet.model_validate(questions(MULTIPLE_CHOICE, TRUE_FALSE, SHORT_ANSWER, ESSAY))

    assert parsed.as_json() == questions(
        MULTIPLE_CHOICE | {"points": 1},
        TRUE_FALSE | {"points": 1},
        SHORT_ANSWER | {"points": 1},
        ESSAY,
    )


def test_a_single_accepted_answer_is_taken_as_a_list_and_numeric_ids_as_text() -> None:
    parsed = QuestionSet.model_validate(questions(SHORT_ANSWER | {"id": 7, "correct_answer": "Paris"}))

    question = parsed.questions[0]
    assert isinstance(question, ShortAnswer)
    assert (question.id, question.correct_answer) == ("7", ["Paris"])


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        (MULTIPLE_CHOICE | {"correct_answer": 2}, "questions[0].correct_answer: 2 is not an option index (0 to 1)"),
        (MULTIPLE_CHOICE | {"options": ["only"]}, "questions[0].options: list should have at least 2 items, not 1"),
        (MULTIPLE_CHOICE | {"correct_answer": True}, "questions[0].correct_answer: input should be a valid integer"),
        (TRUE_FALSE | {"correct_answer": "yes"}, "questions[0].correct_answer: input should be a valid boolean"),
        (SHORT_ANSWER | {"correct_answer": []}, "questions[0].correct_answer: list should have at least 1 item, not 0"),
        (ESSAY | {"correct_answer": "anything"}, "questions[0].correct_answer: input should be None"),
        (ESSAY | {"points": 0}, "questions[0].points: input should be greater than 0"),
        (ESSAY | {"question": "  "}, "questions[0].question: string should have at least 1 character"),
        (ESSAY | {"hint": "x"}, "questions[0].hint: unknown field"),
        (
            ESSAY | {"type": "poll"},
            "questions[0].type: unknown 'poll' (expected one of: multiple_choice, true_false, short_answer, essay)",
        ),
        ({"id": "q9", "question": "No type"}, "questions[0].type: required"),
        ({"type": "essay", "question": "Why?"}, "questions[0].id: required"),
    ],
)
def test_each_invalid_question_is_reported_by_path_and_reason(question: dict[str, Any], problem: str) -> None:
    assert [str(p) for p in question_problems(questions(question))] == [problem]


def test_every_problem_is_reported_at_once_duplicate_ids_included() -> None:
    found = question_problems(questions(ESSAY, ESSAY | {"points": -1}, TRUE_FALSE | {"id": "q4"}))

    assert [str(p) for p in found] == [
        "questions[1].points: input should be greater than 0",
        "questions[1].id: 'q4' is already the id of an earlier question; ids must be unique",
        "questions[2].id: 'q4' is already the id of an earlier question; ids must be unique",
    ]


def test_a_question_set_refuses_repeated_ids_and_an_empty_list() -> None:
    with pytest.raises(ValidationError, match="questions\\[1\\] reuses the id 'q4'"):
        QuestionSet.model_validate(questions(ESSAY, ESSAY))
    assert [str(p) for p in question_problems(questions())] == ["questions: list should have at least 1 item, not 0"]


def test_valid_questions_have_no_problems() -> None:
    assert question_problems(questions(MULTIPLE_CHOICE, TRUE_FALSE, SHORT_ANSWER, ESSAY)) == []
