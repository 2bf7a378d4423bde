"""What a registered trainee reads on Telegram before a live session and when it changes or is cancelled: the
reminder job and the instructor's commands enqueue, the real delivery worker sends through PTB to the fake Bot
API, and the trainee taps the buttons of what arrived (sample organization, Berlin time, a clock the test sets)."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import Services, build_services
from bot.commands.serve import platform_setups
from bot.web import create_app
from domain.sessions.reminders import remind_session_starts
from tests.e2e.telegram.demo import INSTRUCTOR, TRAINEE, Demo, load_demo
from tests.e2e.telegram.harness import TelegramHarness, served, telegram_settings
from tests.e2e.telegram.journey import TelegramUser, buttons
from tests.support.clock import SettableClock
from tests.support.deliveries import FAST_DELIVERY, deliver_all
from tests.support.fake_telegram import FakeTelegram, Person

Db = async_sessionmaker[AsyncSession]
# Tuesday 8 December 2026, 10:00-11:30 in Berlin (CET) = 09:00-10:30 UTC.
START = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
TOM, TINA, IRENE = Person(901, "Tom", "Trainee"), Person(903, "Tina", "Tech"), Person(902, "Irene", "Instructor")


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START - timedelta(days=2))


@pytest.fixture
async def demo(db: Db) -> Demo:
    return await load_demo(db)


@pytest.fixture
def services(fake_telegram: FakeTelegram, db: Db, tmp_path: Path, clock: SettableClock) -> Services:
    settings = telegram_settings(fake_telegram).model_copy(update={"data_dir": tmp_path, "delivery": FAST_DELIVERY})
    return build_services(settings, db, clock)


@pytest.fixture
async def app(fake_telegram: FakeTelegram, services: Services) -> AsyncIterator[TelegramHarness]:
    async with served(create_app(services, platform_setups(services)), fake_telegram) as harness:
        yield harness


async def linked(app: TelegramHarness, demo: Demo, person: Person, email: str) -> TelegramUser:
    user = TelegramUser(person, app.fake, app.deliver)
    await user.say(f"/start {await demo.invite(email)}")
    assert user.saw("Your Telegram account is now linked")
    user.unread()
    return user


def texts(messages: list[dict[str, object]]) -> list[str]:
    return [str(message.get("text", "")) for message in messages]


async def test_the_trainee_reads_the_24_hour_and_15_minute_reminders_and_checks_in_from_the_second(
    app: TelegramHarness, demo: Demo, clock: SettableClock, services: Services, db: Db, database_url: URL
) -> None:
    irene = await linked(app, demo, IRENE, INSTRUCTOR)
    tom = await linked(app, demo, TOM, TRAINEE)
    await irene.say("/session add Fire safety | 2026-12-08 10:00 | 11:30 | Room 4 | IT | 20")
    await tom.say("/sessions")
    await tom.press("RSVP S1")

    clock.set(START - timedelta(hours=24))
    assert await remind_session_starts(services.bus.units, clock) == 1
    await deliver_all(services, database_url, db)

    [day_before] = tom.unread()
    assert day_before["text"] == (
        "⏰ Reminder: S1 Fire safety starts in 24 hours\nTue 8 Dec 2026, 10:00–11:30 CET\n📍 Room 4\n"
        "Can't make it? Cancel your seat so someone else can have it."
    )
    assert [button["text"] for button in buttons(day_before)] == ["Cancel my seat"]
    assert irene.unread() == []

    clock.set(START - timedelta(minutes=15))
    assert await remind_session_starts(services.bus.units, clock) == 1
    await deliver_all(services, database_url, db)
    [quarter] = tom.unread()
    assert quarter["text"].startswith("⏰ Reminder: S1 Fire safety starts in 15 minutes\n")
    assert quarter["text"].endswith("Check-in is open: tap Check in when you arrive.")
    assert [button["text"] for button in buttons(quarter)] == ["Check in"]

    clock.set(START - timedelta(minutes=3))
    assert texts(await tom.press("Check in", on=quarter)) == [
        "You're checked in to S1 Fire safety at 09:57 CET. Enjoy the session!"
    ]


async def test_a_reminder_gives_the_seat_back_in_one_tap(
    app: TelegramHarness, demo: Demo, clock: SettableClock, services: Services, db: Db, database_url: URL
) -> None:
    irene = await linked(app, demo, IRENE, INSTRUCTOR)
    tom = await linked(app, demo, TOM, TRAINEE)
    await irene.say("/session add Webinar | 2026-12-08 10:00 | 11:00 | https://meet.example/fire")
    await tom.say("/rsvp S1")
    clock.set(START - timedelta(hours=24))
    await remind_session_starts(services.bus.units, clock)
    await deliver_all(services, database_url, db)

    [reminder] = tom.unread()
    join = [button for button in buttons(reminder) if button["text"] == "Join the meeting"]
    assert [button.get("url") for button in join] == ["https://meet.example/fire"]
    assert texts(await tom.press("Cancel my seat", on=reminder)) == ["Your seat for S1 Webinar is cancelled."]

    clock.set(START - timedelta(minutes=15))
    assert await remind_session_starts(services.bus.units, clock) == 0


async def test_the_registered_read_what_changed_and_that_it_is_cancelled_the_instructor_the_count(
    app: TelegramHarness, demo: Demo, clock: SettableClock, services: Services, db: Db, database_url: URL
) -> None:
    irene = await linked(app, demo, IRENE, INSTRUCTOR)
    tom = await linked(app, demo, TOM, TRAINEE)
    tina = await linked(app, demo, TINA, "tina.tech@acme.example")
    await irene.say("/session add Fire safety | 2026-12-08 10:00 | 11:30 | Room 4 | IT | 20")
    await tom.say("/rsvp S1")
    await tina.say("/rsvp S1")

    moved = await irene.say("/session change S1 | 2026-12-09 14:00 | - | Room 5")
    assert texts(moved) == [
        "Changed S1 Fire safety\nWed 9 Dec 2026, 14:00–15:30 CET\nRoom 5\nSeats: 20\n\n"
        "📣 Told the 2 people registered about the change."
    ]
    await deliver_all(services, database_url, db)
    for trainee in (tom, tina):
        [notice] = trainee.unread()
        assert notice["text"] == (
            "📅 S1 Fire safety has changed:\n"
            "When: Tue 8 Dec 2026, 10:00–11:30 CET → Wed 9 Dec 2026, 14:00–15:30 CET\n"
            "Where: Room 4 → Room 5\nYou're still registered."
        )
    assert irene.unread() == []
    assert texts(await tom.press("Cancel my seat")) == ["Your seat for S1 Fire safety is cancelled."]

    cancelled = await irene.say("/session cancel S1")
    assert texts(cancelled) == ["Cancelled S1 Fire safety.\n\n📣 Told the 1 person registered that it is cancelled."]
    await deliver_all(services, database_url, db)
    [notice] = tina.unread()
    assert notice["text"] == (
        "❌ S1 Fire safety (Wed 9 Dec 2026, 14:00–15:30 CET) has been cancelled. Your seat is released; nothing else "
        "to do."
    )
    assert tom.unread() == []
    assert "no upcoming sessions" in texts(await tina.press("Upcoming sessions", on=notice))[0]
