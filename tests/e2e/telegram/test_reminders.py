"""Due-date reminders on Telegram through the real backend and worker against the fake Bot API: the reminder's
Continue and Mute buttons, and `/mute` / `/unmute` typed."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import URL

from bot.bootstrap import Services, build_services
from bot.settings import Settings
from domain.reminders import remind_due_dates
from tests.e2e.telegram.harness import TelegramHarness, serving_backend, telegram_settings
from tests.integration.reminders.support import Assigned, Db, assigned, reminders
from tests.support.clock import SettableClock
from tests.support.deliveries import FAST_DELIVERY, deliver_all, link_chat
from tests.support.fake_telegram import FakeTelegram, Person, callback_update, message_update

TOM = Person(931, "Tom", "Trainee")
DUE = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def services(db: Db, fake_telegram: FakeTelegram, tmp_path: Path) -> Services:
    telegram = telegram_settings(fake_telegram).telegram
    return build_services(Settings(data_dir=tmp_path, telegram=telegram, delivery=FAST_DELIVERY), db)


@pytest.fixture
async def live(fake_telegram: FakeTelegram, services: Services) -> AsyncIterator[TelegramHarness]:
    assert services.telegram is not None
    async with serving_backend(services.telegram, fake_telegram) as harness:
        yield harness


@pytest.fixture
async def tom(db: Db) -> Assigned:
    a = await assigned(db, DUE)
    await link_chat(db, a.trainee, "telegram", str(TOM.id), str(TOM.id))
    return a


def button(message: dict[str, Any], label: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        b for row in message["reply_markup"]["inline_keyboard"] for b in row if b["text"] == label
    ]
    return found[0]


async def test_the_reminder_arrives_with_continue_and_mute_and_mute_stops_the_next_one(
    live: TelegramHarness, services: Services, tom: Assigned, db: Db, database_url: URL
) -> None:
    await remind_due_dates(services.bus.units, SettableClock(DUE - 3 * DAY))
    await deliver_all(services, database_url, db)

    [reminder] = live.fake.sent(TOM.id)
    assert reminder["text"] == (
        "⏰ Reminder: Security *basics* (SEC-101) is due on 10 Mar 2027, 12:00 UTC, in 3 days. "
        "Pick up where you left off:"
    )
    assert [b["text"] for row in reminder["reply_markup"]["inline_keyboard"] for b in row] == [
        "Continue",
        "Mute reminders",
    ]

    await live.deliver(callback_update(TOM, reminder, button(reminder, "Mute reminders")["callback_data"]))

    muted = live.fake.texts_to(TOM.id)[-1]
    assert muted.startswith("🔕 Reminders for Security *basics* (SEC-101) are muted")
    assert await remind_due_dates(services.bus.units, SettableClock(DUE - DAY)) == 0

    await live.deliver(message_update(TOM, "/unmute SEC-101"))
    assert live.fake.texts_to(TOM.id)[-1] == "🔔 Reminders for Security *basics* (SEC-101) are on again."
    assert await remind_due_dates(services.bus.units, SettableClock(DUE - DAY)) == 1
    assert len(await reminders(db)) == 2


async def test_mute_for_an_unknown_course_or_without_one_is_answered_kindly(
    live: TelegramHarness, tom: Assigned, db: Db
) -> None:
    await live.deliver(message_update(TOM, "/mute NOPE-1"))
    await live.deliver(message_update(TOM, "/mute"))

    unknown, usage = live.fake.texts_to(TOM.id)[-2:]
    assert unknown == "I can't find a course with the code NOPE-1. Type courses to see the courses open to you."
    assert usage.startswith("Usage: mute CODE")
