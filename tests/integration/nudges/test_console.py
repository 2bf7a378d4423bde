"""Review on the console, scripted through stdin of `learnbot chat --as ...` with the sample course: a question
Tom missed in the quiz he passed is asked by `review` with numbered options, answered by number; `nudges off`."""

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.commands.demo import load_samples
from bot.runtime import Database
from tests.integration.chat.test_console import IRENE, ITEMS_BEFORE_THE_QUIZ, TOM, run


async def test_on_the_console_a_missed_question_is_reviewed_by_number_and_nudges_are_turned_off(
    db: async_sessionmaker[AsyncSession], engine: AsyncEngine, database_url: URL, tmp_path: Path
) -> None:
    await load_samples(Database(engine, db, embedded=False))
    stepping = ["1", "1"] * ITEMS_BEFORE_THE_QUIZ  # Done, Continue
    answers = ["3", "1", "3", "a password manager", "A fake invoice; I reported it."]  # q2 (true/false) wrong
    await run(TOM, ["courses", "1", "1", *stepping, "1", *answers], database_url, tmp_path)
    graded = await run(IRENE, ["grading", "2 Clear and complete"], database_url, tmp_path)
    assert "passed" in graded
    async with db() as session:
        # A day later, as far as the card knows: fsrs set it due a day after the quiz.
        await session.execute(text("UPDATE review_cards SET due_at = due_at - interval '1 day'"))
        await session.commit()

    reviewing = await run(TOM, ["review", "2", "nudges off", "nudges"], database_url, tmp_path)

    assert "Quick review from Quiz: passwords, MFA and phishing" in reviewing
    assert "You receive an MFA approval prompt you did not start." in reviewing
    assert "[1] True" in reviewing
    assert "[2] False" in reviewing
    assert "Type “nudges off” to stop them." in reviewing
    assert "✅ Right!\nAn unexpected prompt means someone has your password." in reviewing
    assert "🔕 Review nudges are off" in reviewing
    assert "Of the 1 quiz question you missed, you have since answered 1 right in review." in reviewing
