"""A review card is made for each question a trainee got wrong in a passed quiz, scheduled by fsrs."""

from datetime import UTC, timedelta
from pathlib import Path

from fsrs import Card, Rating, Scheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.integration.nudges.world import ESSAY, QUESTIONS, WRONG_THREE, make_world

Sessions = async_sessionmaker[AsyncSession]
# fsrs's own scheduler, configured as the nudges' is (no learning steps, no fuzz): the schedule to expect.
FSRS = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


async def test_a_passed_attempt_makes_a_card_for_each_wrong_answer_only(db: Sessions, tmp_path: Path) -> None:
    w = await make_world(db, tmp_path)

    await w.take_quiz(w.trainee, WRONG_THREE)

    cards = await w.cards()
    assert [card.question_id for card in cards] == ["q1", "q2", "q3"]
    assert {(card.reps, card.lapses, card.last_rating, card.asked_at) for card in cards} == {(0, 0, 1, None)}


async def test_a_failed_attempt_makes_no_card(db: Sessions, tmp_path: Path) -> None:
    w = await make_world(db, tmp_path)
    await w.sql("UPDATE assessments SET passing_score = 50 WHERE id = :quiz", quiz=w.quiz_id)

    await w.take_quiz(w.trainee, WRONG_THREE)

    assert await w.cards() == []
    [attempt] = await w.sql("SELECT is_passed FROM assessment_attempts")
    assert attempt.is_passed is False


async def test_the_first_due_time_is_what_fsrs_schedules_after_the_wrong_answer(db: Sessions, tmp_path: Path) -> None:
    w = await make_world(db, tmp_path)
    taken = w.clock.now()

    await w.take_quiz(w.trainee, WRONG_THREE)

    expected, _ = FSRS.review_card(Card(card_id=0, due=taken), Rating.Again, review_datetime=taken.astimezone(UTC))
    for card in await w.cards():
        assert card.due_at == expected.due
        assert card.fsrs_card["stability"] == expected.stability
        assert card.last_reviewed_at == taken
    assert expected.due - taken == timedelta(days=1)  # what fsrs 6.3.2 makes of a first Again


async def test_essays_get_no_card_and_a_later_pass_keeps_the_cards_schedule(db: Sessions, tmp_path: Path) -> None:
    w = await make_world(db, tmp_path, questions=[*QUESTIONS, ESSAY])
    await w.sql("UPDATE assessments SET passing_score = 0 WHERE id = :quiz", quiz=w.quiz_id)

    await w.take_quiz(w.trainee, WRONG_THREE)  # the essay left unanswered is wrong, with no grade to wait for
    first = {card.question_id: card.due_at for card in await w.cards()}
    w.clock.advance(timedelta(hours=3))
    await w.take_quiz(w.trainee, ("0", "1", "multi-factor authentication", "1"))

    again = {card.question_id: card.due_at for card in await w.cards()}
    assert set(first) == {"q1", "q2", "q3"}
    assert again == {**first, "q4": again["q4"]}
    assert again["q4"] == w.clock.now() + timedelta(days=1)
