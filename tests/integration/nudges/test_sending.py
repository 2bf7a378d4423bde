"""The nudge job: each person's most overdue card, at most one a day, never in quiet hours, never to someone who
said `nudges off`, an inactive person, a dropped enrollment or an archived course; once however many run it."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.integration.nudges.world import WRONG_THREE, World, make_world, stored_buttons

Sessions = async_sessionmaker[AsyncSession]
# The day after the quiz (Tuesday 10:00 Berlin): Wednesday 9 December 2026, 10:00 in Berlin.
WEDNESDAY_10_BERLIN = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)


async def quizzed(db: Sessions, tmp_path: Path) -> World:
    w = await make_world(db, tmp_path)
    await w.take_quiz(w.trainee, WRONG_THREE)
    return w


async def test_nothing_is_sent_before_a_card_is_due(db: Sessions, tmp_path: Path) -> None:
    w = await quizzed(db, tmp_path)

    w.clock.advance(timedelta(hours=6))
    assert await w.send_nudges() == 0
    assert await w.nudges() == []


async def test_a_due_card_is_sent_once_with_its_options_as_buttons_and_how_to_stop(
    db: Sessions, tmp_path: Path
) -> None:
    w = await quizzed(db, tmp_path)
    w.clock.set(WEDNESDAY_10_BERLIN)

    assert await w.send_nudges() == 1
    assert await w.send_nudges() == 0

    [nudge] = await w.nudges()
    assert nudge.once_key == f"review-nudge:{w.trainee.id}:2026-12-09"
    [reply] = nudge.replies
    assert "Security quiz" in reply["text"]
    assert "Which password is strongest?" in reply["text"]
    assert "nudges off" in reply["context"]
    labels = stored_buttons(nudge)
    assert list(labels) == ["Stop nudges", "password1", "Summer2024", "correct horse battery staple"]
    assert labels["Stop nudges"] == "nudges off"
    assert all(action.startswith("review-answer ") for label, action in labels.items() if label != "Stop nudges")
    [asked] = [card for card in await w.cards() if card.asked_at is not None]
    assert asked.question_id == "q1"  # the most overdue: all three are due together, then by question id


async def test_at_most_one_nudge_a_day_however_many_cards_are_due(db: Sessions, tmp_path: Path) -> None:
    w = await quizzed(db, tmp_path)
    w.clock.set(WEDNESDAY_10_BERLIN)

    assert await w.send_nudges() == 1
    w.clock.advance(timedelta(hours=8))  # 18:00 Berlin, the same day
    assert await w.send_nudges() == 0
    w.clock.advance(timedelta(hours=15))  # Thursday 09:00 Berlin
    assert await w.send_nudges() == 1

    first, second = await w.nudges()
    assert first.once_key.endswith(":2026-12-09")
    assert second.once_key.endswith(":2026-12-10")
    assert stored_buttons(first) != stored_buttons(second)  # the unanswered one waits; the next card comes


async def test_quiet_hours_hold_nudges_until_they_end(db: Sessions, tmp_path: Path) -> None:
    w = await quizzed(db, tmp_path)
    w.clock.set(datetime(2026, 12, 9, 19, 30, tzinfo=UTC))  # 20:30 Berlin: quiet (20:00-08:00 by default)

    assert await w.send_nudges() == 0
    w.clock.set(datetime(2026, 12, 10, 6, 59, tzinfo=UTC))  # 07:59 Berlin
    assert await w.send_nudges() == 0
    w.clock.set(datetime(2026, 12, 10, 7, 0, tzinfo=UTC))  # 08:00 Berlin
    assert await w.send_nudges() == 1


async def test_an_organizations_own_quiet_hours_and_quiet_weekends_hold_them(db: Sessions, tmp_path: Path) -> None:
    w = await quizzed(db, tmp_path)
    await w.sql(
        """UPDATE organizations SET settings = settings || '{"quiet_hours": {"start": "12:00", "end": "14:00",
           "weekends": true}}' WHERE id = :org""",
        org=w.org.id,
    )
    w.clock.set(datetime(2026, 12, 12, 9, 0, tzinfo=UTC))  # Saturday 10:00 Berlin
    assert await w.send_nudges() == 0
    w.clock.set(datetime(2026, 12, 14, 11, 30, tzinfo=UTC))  # Monday 12:30 Berlin
    assert await w.send_nudges() == 0
    w.clock.set(datetime(2026, 12, 14, 13, 0, tzinfo=UTC))  # Monday 14:00 Berlin
    assert await w.send_nudges() == 1


async def test_nudges_off_stops_them_and_nudges_on_brings_them_back(db: Sessions, tmp_path: Path) -> None:
    w = await quizzed(db, tmp_path)

    off = await w.said(w.trainee, "nudges off")
    w.clock.set(WEDNESDAY_10_BERLIN)
    assert await w.send_nudges() == 0
    on = await w.said(w.trainee, "nudges on")
    assert await w.send_nudges() == 1

    assert off.startswith("🔕 Review nudges are off")
    assert on.startswith("🔔 Review nudges are on")
    assert await w.said(w.trainee, "nudges on") == "Review nudges were already on. Type “nudges off” to stop them."


async def test_inactive_people_dropped_enrollments_and_archived_courses_get_none(db: Sessions, tmp_path: Path) -> None:
    w = await quizzed(db, tmp_path)
    w.clock.set(WEDNESDAY_10_BERLIN)

    await w.sql("UPDATE users SET is_active = false WHERE id = :u", u=w.trainee.id)
    assert await w.send_nudges() == 0
    await w.sql("UPDATE users SET is_active = true WHERE id = :u", u=w.trainee.id)
    await w.sql("UPDATE enrollments SET status = 'dropped' WHERE trainee_id = :u", u=w.trainee.id)
    assert await w.send_nudges() == 0
    await w.sql("UPDATE enrollments SET status = 'in_progress' WHERE trainee_id = :u", u=w.trainee.id)
    await w.sql("UPDATE courses SET status = 'archived' WHERE id = :c", c=w.course.id)
    assert await w.send_nudges() == 0
    await w.sql("UPDATE courses SET status = 'published' WHERE id = :c", c=w.course.id)
    assert await w.send_nudges() == 1


async def test_several_job_runs_at_once_send_one_nudge(db: Sessions, tmp_path: Path) -> None:
    w = await quizzed(db, tmp_path)
    w.clock.set(WEDNESDAY_10_BERLIN)

    counts = await asyncio.gather(*(w.send_nudges() for _ in range(4)))

    assert sum(counts) == 1
    assert len(await w.nudges()) == 1
    [jobs] = await w.sql("SELECT count(*) AS n FROM pgqueuer")
    assert jobs.n == 1


async def test_an_unanswered_nudge_comes_again_after_a_week(db: Sessions, tmp_path: Path) -> None:
    w = await make_world(db, tmp_path)
    await w.take_quiz(w.trainee, ("0", "1", "multi-factor authentication", "0"))  # only q1 wrong
    w.clock.set(WEDNESDAY_10_BERLIN)

    assert await w.send_nudges() == 1
    for _ in range(6):
        w.clock.advance(timedelta(days=1))
        assert await w.send_nudges() == 0
    w.clock.advance(timedelta(days=1))
    assert await w.send_nudges() == 1


async def test_a_question_removed_from_its_quiz_stops_its_card(db: Sessions, tmp_path: Path) -> None:
    w = await quizzed(db, tmp_path)
    await w.sql(
        "UPDATE assessments SET questions = jsonb_set(questions, '{questions}', "
        "(SELECT jsonb_agg(q) FROM jsonb_array_elements(questions->'questions') q WHERE q->>'id' <> 'q1')) "
        "WHERE id = :quiz",
        quiz=w.quiz_id,
    )
    w.clock.set(WEDNESDAY_10_BERLIN)

    assert await w.send_nudges() == 1

    stopped = {card.question_id for card in await w.cards() if card.stopped_at is not None}
    assert stopped == {"q1"}
    [nudge] = await w.nudges()
    assert "Phishing only happens by email." in nudge.replies[0]["text"]


async def test_nobody_without_a_chat_a_delivery_can_reach_is_nudged_and_review_still_asks(
    db: Sessions, tmp_path: Path
) -> None:
    w = await make_world(db, tmp_path, telegram_id=None)
    await w.take_quiz(w.trainee, WRONG_THREE)
    w.clock.set(WEDNESDAY_10_BERLIN)
    await w.say(w.trainee, "help")  # linked on the console only, where nothing is delivered

    assert await w.send_nudges() == 0
    await w.sql(
        "INSERT INTO chat_identities (organization_id, user_id, platform, workspace_id, platform_user_id, "
        "unreachable_at) VALUES (:org, :user, 'telegram', '', '9009', now())",
        org=w.org.id,
        user=w.trainee.id,
    )
    assert await w.send_nudges() == 0
    assert "Which password is strongest?" in await w.said(w.trainee, "review")
    await w.sql("UPDATE chat_identities SET unreachable_at = NULL WHERE platform = 'telegram'")
    assert await w.send_nudges() == 1


async def test_a_course_the_person_muted_sends_no_nudges_until_unmuted(db: Sessions, tmp_path: Path) -> None:
    w = await quizzed(db, tmp_path)
    w.clock.set(WEDNESDAY_10_BERLIN)

    muted = await w.said(w.trainee, f"mute {w.course.course_code}")
    assert await w.send_nudges() == 0
    await w.said(w.trainee, f"unmute {w.course.course_code}")
    assert await w.send_nudges() == 1

    assert "Security Basics" in muted
