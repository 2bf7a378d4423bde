"""Telegram's limits for quiz polls live in the Telegram adapter: a quiz the engine allows as a poll is sent as one
only when it is within them (otherwise as text with option buttons)."""

from typing import Any

import pytest

from adapters.telegram.render import QuizPoll, TextMessage, fits_a_poll, plan
from domain.replies import Quiz, Reply

WITHIN = {
    "question": "2 + 2?",
    "options": ["3", "4"],
    "answer_action": "answer x 1 ",
    "correct_option": 1,
    "native_poll": True,
}


def quiz(**changes: Any) -> Quiz:
    return Quiz.model_validate(WITHIN | changes)


def test_a_quiz_the_engine_allows_within_telegrams_limits_fits_a_poll() -> None:
    assert fits_a_poll(quiz())
    assert fits_a_poll(quiz(explanation="e" * 200))
    assert fits_a_poll(quiz(question="q" * 300, options=["o" * 100] * 12))


@pytest.mark.parametrize(
    "too_big",
    [
        {"question": "q" * 301},
        {"options": [str(n) for n in range(13)]},
        {"options": ["o" * 101, "b"]},
        {"explanation": "e" * 201},
    ],
)
def test_a_quiz_beyond_a_telegram_limit_does_not_fit_a_poll_and_goes_as_text_with_buttons(
    too_big: dict[str, Any],
) -> None:
    beyond = quiz(**too_big)
    assert not fits_a_poll(beyond)
    [message] = plan([Reply(text="Question 1", quiz=beyond)], lambda action: action)
    assert isinstance(message, TextMessage)
    assert message.keyboard is not None


def test_a_quiz_the_engine_does_not_allow_as_a_poll_never_is_one() -> None:
    assert not fits_a_poll(quiz(native_poll=False))
    assert all(not isinstance(m, QuizPoll) for m in plan([Reply(text="Q", quiz=quiz(native_poll=False))], str))
