"""Review nudges' pure rules: which answers make cards, how an answer is read, when a card is said to come back,
and that the schedule is fsrs's own."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card, Rating, Scheduler

from domain.assessments.questions import QuestionSet
from domain.errors import InvalidInput
from domain.nudges.answering import NotAnOption, given_answer
from domain.nudges.cards import missed
from domain.nudges.commands import AnswerReview
from domain.nudges.loading import when
from domain.nudges.schedule import first_review, review

BERLIN = ZoneInfo("Europe/Berlin")
CARD = "6f1c2a7e-0d3b-4c55-9a8e-1b2c3d4e5f60"
QUESTIONS = {
    question.id: question
    for question in QuestionSet.model_validate(
        {
            "questions": [
                {"id": "mc", "type": "multiple_choice", "question": "?", "options": ["a", "bee"], "correct_answer": 1},
                {"id": "tf", "type": "true_false", "question": "?", "correct_answer": False},
                {"id": "sa", "type": "short_answer", "question": "?", "correct_answer": "x"},
                {"id": "es", "type": "essay", "question": "?"},
            ]
        }
    ).questions
}


def answer(text: str, *, typed: bool = False) -> AnswerReview:
    return AnswerReview(card_id=CARD, round=0, answer=text, typed=typed)


def test_only_wrong_answers_to_questions_chat_can_mark_make_cards() -> None:
    entries = [
        {"question_id": "mc", "is_correct": False},
        {"question_id": "tf", "is_correct": True},
        {"question_id": "sa", "is_correct": False},
        {"question_id": "es", "is_correct": False},
        {"question_id": "gone", "is_correct": False},
        {"question_id": "mc", "is_correct": False},
    ]
    assert missed(entries, QUESTIONS) == ["mc", "sa"]
    assert missed(None, QUESTIONS) == []


def test_a_pressed_option_is_its_index_and_true_false_is_a_boolean() -> None:
    assert given_answer(QUESTIONS["mc"], answer("1")) == 1
    assert given_answer(QUESTIONS["tf"], answer("0")) is True
    assert given_answer(QUESTIONS["tf"], answer("1")) is False
    assert given_answer(QUESTIONS["sa"], answer(" x ")) == "x"
    with pytest.raises(InvalidInput):
        given_answer(QUESTIONS["mc"], answer("2"))
    with pytest.raises(InvalidInput):
        given_answer(QUESTIONS["sa"], answer("   "))


def test_a_typed_option_is_its_number_or_words_as_in_the_quiz() -> None:
    assert given_answer(QUESTIONS["mc"], answer("2", typed=True)) == 1
    assert given_answer(QUESTIONS["mc"], answer("BEE", typed=True)) == 1
    assert given_answer(QUESTIONS["tf"], answer("no", typed=True)) is False
    with pytest.raises(NotAnOption):
        given_answer(QUESTIONS["mc"], answer("purple", typed=True))


def test_when_a_card_comes_back_is_said_in_the_organizations_days() -> None:
    now = datetime(2026, 12, 8, 22, 30, tzinfo=UTC)  # 23:30 in Berlin
    assert when(now + timedelta(minutes=40), now, BERLIN) == "tomorrow"  # 00:10 the next day in Berlin
    assert when(now - timedelta(hours=1), now, BERLIN) == "today"
    assert when(now + timedelta(days=6), now, BERLIN) == "in 6 days (14 Dec 2026)"


def test_the_schedule_is_fsrs_with_no_learning_steps_and_no_fuzz() -> None:
    fsrs = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    quiz = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    expected, _ = fsrs.review_card(Card(card_id=0, due=quiz), Rating.Again, review_datetime=quiz)
    made = first_review(quiz)
    assert (made.due_at, made.rating, made.card["stability"]) == (expected.due, Rating.Again, expected.stability)

    later = made.due_at + timedelta(hours=3)
    for right, rating in ((True, Rating.Good), (False, Rating.Again)):
        after, _ = fsrs.review_card(expected, rating, review_datetime=later)
        reviewed = review(made.card, right, later)
        assert (reviewed.due_at, reviewed.rating, reviewed.card["stability"]) == (after.due, rating, after.stability)
