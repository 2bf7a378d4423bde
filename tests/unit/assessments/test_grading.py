"""Marking answers and scoring attempts."""

from decimal import Decimal

import pytest

from domain.assessments.grading import is_correct, normalized, score_attempt
from domain.assessments.questions import Essay, MultipleChoice, ShortAnswer, TrueFalse

CHOICE = MultipleChoice(
    id="q1", type="multiple_choice", question="?", options=["a", "b", "c"], correct_answer=1, points=2
)
FLAG = TrueFalse(id="q2", type="true_false", question="?", correct_answer=False)
WORDS = ShortAnswer(id="q3", type="short_answer", question="?", correct_answer=["Two  Factor", "2FA"])
ESSAY = Essay(id="q4", type="essay", question="?", points=3)


def test_short_answers_are_compared_ignoring_case_outer_space_and_repeated_inner_space() -> None:
    assert normalized("  Two \t  FACTOR ") == "two factor"
    assert is_correct(WORDS, " two factor ")
    assert is_correct(WORDS, "2fa")
    assert not is_correct(WORDS, "twofactor")


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        (CHOICE, 1, True),
        (CHOICE, 0, False),
        (CHOICE, True, False),  # a boolean is not an option index
        (FLAG, False, True),
        (FLAG, 0, False),  # an index is not a boolean
        (FLAG, None, False),
        (ESSAY, "text", None),
    ],
)
def test_each_question_type_is_marked_by_its_own_kind_of_answer(
    question: object, answer: object, expected: object
) -> None:
    assert is_correct(question, answer) is expected  # type: ignore[arg-type]


def test_the_score_is_weighted_by_points_and_unanswered_questions_count_as_wrong() -> None:
    scored = score_attempt([CHOICE, FLAG, WORDS], [{"question_id": "q1", "answer": 1}], passing_score=50)
    assert scored.score == Decimal("50.00")  # 2 of 4 points
    assert scored.is_passed is True
    assert scored.entries[1] == {"question_id": "q2", "answer": None, "is_correct": False, "points_earned": 0}


def test_an_ungraded_essay_leaves_score_and_pass_unknown() -> None:
    scored = score_attempt([CHOICE, ESSAY], [{"question_id": "q4", "answer": "essay"}], passing_score=50)
    assert (scored.score, scored.is_passed, scored.pending) == (None, None, 1)
    assert scored.entries[1] == {"question_id": "q4", "answer": "essay", "is_correct": None, "points_earned": None}


def test_a_graded_essay_keeps_its_grade_when_the_attempt_is_scored_again() -> None:
    graded = {"question_id": "q4", "answer": "essay", "is_correct": False, "points_earned": 2}
    scored = score_attempt([CHOICE, ESSAY], [{"question_id": "q1", "answer": 1}, graded], passing_score=80)
    assert scored.score == Decimal("80.00")  # (2 + 2) of 5
    assert scored.is_passed is True
    assert scored.entries[1] == graded


def test_an_unanswered_essay_needs_no_grading() -> None:
    scored = score_attempt([ESSAY], [], passing_score=None)
    assert (scored.score, scored.is_passed, scored.pending) == (Decimal("0.00"), True, 0)
