"""Review nudges through the real slack-bolt app against FakeSlack: the nudge arrives in the DM with its options as
buttons, a wrong answer is told the right one and why; a short answer is typed after Answer; /learn nudges off."""

import argparse
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.commands.slack import connect
from bot.runtime import Database
from bot.settings import Settings
from tests.e2e.slack.harness import SlackHarness, serving_backend, slack_settings
from tests.e2e.slack.journey import SlackPerson, dm_of, labels_of, one_text
from tests.integration.nudges.world import World, make_world
from tests.support.deliveries import FAST_DELIVERY, deliver_all, link_chat
from tests.support.fake_slack import TEAM_ID, FakeSlack

WEDNESDAY_10_BERLIN = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)
SUE = "USUE"
Db = async_sessionmaker[AsyncSession]


@pytest.fixture
async def world(db: Db, engine: AsyncEngine, fake_slack: FakeSlack, tmp_path: Path) -> World:
    """The trainee is on Slack, in a workspace connected to the organization."""
    settings = Settings(data_dir=tmp_path, slack=slack_settings(fake_slack).slack, delivery=FAST_DELIVERY)
    w = await make_world(db, tmp_path, settings=settings, telegram_id=None)
    database = Database(engine, db, embedded=False)
    assert await connect(database, argparse.Namespace(org=w.org.slug, team=TEAM_ID)) == 0
    fake_slack.add_user(SUE, w.trainee.email)
    await link_chat(db, w.trainee, "slack", SUE, dm_of(SUE))
    return w


@pytest.fixture
async def slack(fake_slack: FakeSlack, world: World) -> AsyncIterator[SlackHarness]:
    assert world.services.slack is not None
    async with serving_backend(world.services.slack, fake_slack) as harness:
        yield harness


async def nudge_delivered(w: World, database_url: URL) -> None:
    """The nudge job on Wednesday, then the real delivery worker until it is sent."""
    w.clock.set(WEDNESDAY_10_BERLIN)
    assert await w.send_nudges() == 1
    await deliver_all(w.services, database_url, w.db)


async def test_a_wrong_answer_in_slack_is_told_the_right_one_and_why(
    slack: SlackHarness, world: World, database_url: URL
) -> None:
    sue = SlackPerson(slack, SUE)
    await world.take_quiz(world.trainee, ("0", "1", "multi-factor authentication", "0"))  # only q1 wrong
    await nudge_delivered(world, database_url)

    [nudge] = sue.messages()
    sue.seen = 1
    assert "Which password is strongest?" in one_text([nudge])
    assert "Type “nudges off” to stop them." in one_text([nudge])
    assert labels_of(nudge) == ["password1", "Summer2024", "correct horse battery staple", "Stop nudges"]
    answered = await sue.press("Summer2024")

    assert one_text(answered) == (
        "❌ Not quite: the answer is *correct horse battery staple*.\nLength beats complexity.\n"
        "It comes back around tomorrow."
    )
    [card] = await world.cards()
    assert (card.reps, card.lapses, card.first_right_at) == (1, 1, None)


async def test_a_short_answer_is_typed_in_slack_and_learn_nudges_off_stops_them(
    slack: SlackHarness, world: World, database_url: URL
) -> None:
    sue = SlackPerson(slack, SUE)
    await world.take_quiz(world.trainee, ("2", "1", "two factor", "0"))  # only the short answer (q3) wrong
    await nudge_delivered(world, database_url)
    sue.seen = 1

    asked = await sue.press("Answer")
    typed = await sue.say("Multi-Factor Authentication")
    stopped = await sue.learn("nudges off")
    world.clock.advance(timedelta(days=7))

    assert "What does MFA stand for?" in one_text(asked)
    assert one_text(typed).startswith("✅ Right!\nIt comes back around in 2 days")
    assert one_text(stopped).startswith("🔕 Review nudges are off")
    assert await world.send_nudges() == 0
