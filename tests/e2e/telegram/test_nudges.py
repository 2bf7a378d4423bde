"""Review nudges through the real Telegram backend against the fake Telegram API: the nudge arrives with its
options as buttons and how to stop them, one tap answers it (once), and /nudges off stops them."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from tests.e2e.telegram.harness import TelegramHarness, serving_backend, telegram_settings
from tests.integration.nudges.world import WRONG_THREE, World, make_world
from tests.support.deliveries import FAST_DELIVERY, deliver_all
from tests.support.fake_telegram import FakeTelegram, Person, callback_update, message_update

TOM = Person(931, "Tom", "Trainee")
WEDNESDAY_10_BERLIN = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)
Db = async_sessionmaker[AsyncSession]


@pytest.fixture
async def world(db: Db, fake_telegram: FakeTelegram, tmp_path: Path) -> World:
    """Tom, on Telegram, missed three questions of a quiz he passed."""
    telegram = telegram_settings(fake_telegram).telegram
    settings = Settings(data_dir=tmp_path, telegram=telegram, delivery=FAST_DELIVERY)
    w = await make_world(db, tmp_path, settings=settings, telegram_id=str(TOM.id))
    await w.take_quiz(w.trainee, WRONG_THREE)
    return w


@pytest.fixture
async def live(fake_telegram: FakeTelegram, world: World) -> AsyncIterator[TelegramHarness]:
    assert world.services.telegram is not None
    async with serving_backend(world.services.telegram, fake_telegram) as harness:
        yield harness


def keyboard(message: dict[str, Any]) -> dict[str, str]:
    """The message's inline buttons: label -> callback data."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {button["text"]: button["callback_data"] for row in rows for button in row}


async def test_the_nudge_arrives_in_telegram_and_one_tap_answers_it_once(
    live: TelegramHarness, world: World, database_url: URL
) -> None:
    world.clock.set(WEDNESDAY_10_BERLIN)
    assert await world.send_nudges() == 1
    await deliver_all(world.services, database_url, world.db)

    [nudge] = live.fake.sent(TOM.id)
    assert "Quick review from Security quiz" in nudge["text"]
    assert "Which password is strongest?" in nudge["text"]
    assert "Type “nudges off” to stop them." in nudge["text"]
    buttons = keyboard(nudge)
    assert list(buttons) == ["password1", "Summer2024", "correct horse battery staple", "Stop nudges"]

    await live.deliver(callback_update(TOM, nudge, buttons["correct horse battery staple"]))
    await live.deliver(callback_update(TOM, nudge, buttons["Summer2024"]))

    right, again = live.fake.texts_to(TOM.id)[1:]
    assert right == "✅ Right!\nLength beats complexity.\nIt comes back around in 2 days (11 Dec 2026)."
    assert again.startswith("You have answered this review question already")
    [card] = [c for c in await world.cards() if c.question_id == "q1"]
    assert (card.reps, card.lapses) == (1, 0)


async def test_stop_nudges_in_telegram_stops_them_and_nudges_on_brings_them_back(
    live: TelegramHarness, world: World, database_url: URL
) -> None:
    world.clock.set(WEDNESDAY_10_BERLIN)
    await world.send_nudges()
    await deliver_all(world.services, database_url, world.db)
    [nudge] = live.fake.sent(TOM.id)

    await live.deliver(callback_update(TOM, nudge, keyboard(nudge)["Stop nudges"]))
    world.clock.advance(timedelta(days=1))
    assert await world.send_nudges() == 0
    await live.deliver(message_update(TOM, "/nudges on"))
    assert await world.send_nudges() == 1

    stopped, restarted = live.fake.texts_to(TOM.id)[1:]
    assert stopped.startswith("🔕 Review nudges are off")
    assert restarted.startswith("🔔 Review nudges are on")
