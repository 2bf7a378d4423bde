"""The sample course tried as a new trainee and instructor would, on the console: no dead ends, no hidden ids."""

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tests.integration.chat.transcripts import TO_THE_QUIZ, TOM, Sample, sample


@pytest.fixture
async def acme(engine: AsyncEngine, db: async_sessionmaker[AsyncSession], tmp_path: Path) -> Sample:
    return await sample(engine, db, tmp_path)


async def test_a_stray_reply_to_a_quiz_question_stays_on_the_question_and_the_next_number_answers_it(
    acme: Sample,
) -> None:
    tom = acme.console(TOM)
    await tom.say(*TO_THE_QUIZ)
    assert "Which of these passwords is the strongest?" in await tom.say("1")

    for stray in ("9", "qwxz"):
        again = await tom.say(stray)
        assert f"“{stray}” is not one of the options. Pick a number from 1 to 4" in again, tom.transcript
        assert "[1] P@ssw0rd!" in again
        assert "[4] qwerty123456" in again
        assert "Courses" not in again

    answered = await tom.say("1")
    assert "Not quite" in answered, tom.transcript
    assert "Question 2 of 5" in answered


async def test_a_quiz_question_is_answered_by_typing_its_option_words_or_number(acme: Sample) -> None:
    tom = acme.console(TOM)
    await tom.say(*TO_THE_QUIZ, "1")

    assert "Correct" in await tom.say("  COPPER-lantern "), tom.transcript
    true_false = await tom.say("maybe")
    assert "“maybe” is not one of the options. Pick 1 (True) or 2 (False)" in true_false, tom.transcript
    assert "Correct" in await tom.say("false"), tom.transcript
    assert "Correct" in await tom.say("3"), tom.transcript  # Report it as phishing, typed rather than pressed
    assert "Question 4 of 5" in tom.lines[-2]
