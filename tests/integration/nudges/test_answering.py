"""Answering a nudge (or `review`): marked as the quiz marks, rated for fsrs, once per round, never touching the
quiz attempt; the reply says right or not, the answer and why, and when the question comes back."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fsrs import Card, Rating, Scheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.integration.nudges.world import WRONG_THREE, World, buttons, make_world, stored_buttons
from tests.support import factories

Sessions = async_sessionmaker[AsyncSession]
FSRS = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
WEDNESDAY_10_BERLIN = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)


async def nudged(db: Sessions, tmp_path: Path) -> tuple[World, dict[str, str]]:
    """The trainee missed q1-q3; on Wednesday the nudge about q1 (multiple choice) was sent: its buttons."""
    w = await make_world(db, tmp_path)
    await w.take_quiz(w.trainee, WRONG_THREE)
    w.clock.set(WEDNESDAY_10_BERLIN)
    assert await w.send_nudges() == 1
    [nudge] = await w.nudges()
    return w, stored_buttons(nudge)


async def attempts(w: World) -> list[Any]:
    return await w.sql("SELECT * FROM assessment_attempts ORDER BY id")


def expected_after(card: Any, rating: Rating, at: datetime) -> Card:
    reviewed, _ = FSRS.review_card(Card.from_dict(card.fsrs_card), rating, review_datetime=at.astimezone(UTC))
    return reviewed


async def test_a_right_answer_is_rated_good_and_scheduled_by_fsrs_and_the_attempt_stays(
    db: Sessions, tmp_path: Path
) -> None:
    w, labels = await nudged(db, tmp_path)
    before = await attempts(w)
    [card] = [c for c in await w.cards() if c.question_id == "q1"]
    w.clock.advance(timedelta(hours=2))

    replies = await w.press(w.trainee, labels["correct horse battery staple"])

    expected = expected_after(card, Rating.Good, w.clock.now())
    [answered] = [c for c in await w.cards() if c.question_id == "q1"]
    assert (answered.reps, answered.lapses, answered.last_rating) == (1, 0, int(Rating.Good))
    assert answered.due_at == expected.due
    assert answered.fsrs_card["stability"] == expected.stability
    assert answered.first_right_at == w.clock.now()
    assert answered.asked_at is None
    assert replies[0].text == "✅ Right!\nLength beats complexity.\nIt comes back around in 2 days (11 Dec 2026)."
    assert await attempts(w) == before


async def test_a_wrong_answer_is_rated_again_and_says_the_answer_and_why(db: Sessions, tmp_path: Path) -> None:
    w, labels = await nudged(db, tmp_path)
    before = await attempts(w)
    [card] = [c for c in await w.cards() if c.question_id == "q1"]

    replies = await w.press(w.trainee, labels["Summer2024"])

    expected = expected_after(card, Rating.Again, w.clock.now())
    [answered] = [c for c in await w.cards() if c.question_id == "q1"]
    assert (answered.reps, answered.lapses, answered.last_rating) == (1, 1, int(Rating.Again))
    assert answered.due_at == expected.due
    assert answered.first_right_at is None
    assert replies[0].text.startswith(
        "❌ Not quite: the answer is *correct horse battery staple*.\nLength beats complexity."
    )
    assert await attempts(w) == before


async def test_a_second_press_or_a_stale_button_answers_once(db: Sessions, tmp_path: Path) -> None:
    w, labels = await nudged(db, tmp_path)

    await w.press(w.trainee, labels["correct horse battery staple"])
    again = await w.press(w.trainee, labels["Summer2024"])

    [answered] = [c for c in await w.cards() if c.question_id == "q1"]
    assert (answered.reps, answered.lapses, answered.first_right_at is not None) == (1, 0, True)
    assert again[0].text.startswith("You have answered this review question already")
    [audited] = await w.sql("SELECT count(*) AS n FROM audit_logs WHERE action = 'review_card.answered'")
    assert audited.n == 1


async def test_a_short_answer_is_typed_after_pressing_answer_and_matched_as_the_quiz_matches(
    db: Sessions, tmp_path: Path
) -> None:
    w = await make_world(db, tmp_path)
    await w.take_quiz(w.trainee, ("2", "1", "two factor", "0"))  # only the short answer (q3) wrong
    w.clock.set(WEDNESDAY_10_BERLIN)
    await w.send_nudges()
    [nudge] = await w.nudges()
    labels = stored_buttons(nudge)
    assert list(labels) == ["Answer", "Stop nudges"]

    asked = await w.press(w.trainee, labels["Answer"])
    assert "What does MFA stand for?" in asked[0].text
    replies = await w.say(w.trainee, "  Multi-Factor   AUTHENTICATION ")

    assert replies[0].text.startswith("✅ Right!")
    [card] = await w.cards()
    assert (card.reps, card.lapses) == (1, 0)


async def test_review_asks_the_most_overdue_question_and_takes_a_typed_option(db: Sessions, tmp_path: Path) -> None:
    w = await make_world(db, tmp_path)
    await w.take_quiz(w.trainee, WRONG_THREE)

    early = await w.said(w.trainee, "review")
    w.clock.set(WEDNESDAY_10_BERLIN)
    asked = await w.say(w.trainee, "review")
    typed_wrong = await w.say(w.trainee, "purple")
    typed = await w.say(w.trainee, "correct horse")

    assert early == "Nothing to review right now. The next question comes back around tomorrow."
    assert "Which password is strongest?" in asked[0].text
    assert list(buttons(asked)) == ["password1", "Summer2024", "correct horse battery staple"]
    assert typed_wrong[0].text.startswith("“purple” is not one of the options.")
    assert typed[0].text.startswith("✅ Right!")


async def test_a_quiz_that_never_shows_correct_answers_is_not_given_away(db: Sessions, tmp_path: Path) -> None:
    w, labels = await nudged(db, tmp_path)
    await w.sql(
        'UPDATE assessments SET settings = \'{"show_correct_answers": "never"}\' WHERE id = :quiz', quiz=w.quiz_id
    )

    replies = await w.press(w.trainee, labels["Summer2024"])

    assert replies[0].text.startswith("❌ Not quite.\nIt comes back around tomorrow.")


async def test_nobody_answers_someone_elses_review_question(db: Sessions, tmp_path: Path) -> None:
    w, labels = await nudged(db, tmp_path)
    async with w.db() as session:
        other = await factories.user(session, w.org, "trainee")
        await session.commit()

    said = await w.said(other, labels["correct horse battery staple"])

    assert said == "That review question is not yours."
    assert {card.reps for card in await w.cards()} == {0}


async def test_nudges_says_how_they_stand_with_buttons_and_help_lists_nudges_and_review(
    db: Sessions, tmp_path: Path
) -> None:
    w = await make_world(db, tmp_path)
    await w.take_quiz(w.trainee, WRONG_THREE)
    w.clock.set(WEDNESDAY_10_BERLIN)

    status = await w.say(w.trainee, "nudges")
    helped = await w.said(w.trainee, "help")

    assert status[0].text.startswith("🔔 Review nudges are on. 3 missed questions to review now.")
    assert buttons(status) == {"Review now": "review", "Turn off": "nudges off"}
    assert "- `nudges [off|on]` — stop (or restart) the review questions I send" in helped
    assert "- `review` — review a quiz question you missed, now" in helped
