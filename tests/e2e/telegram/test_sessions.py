"""Live sessions on Telegram through the real app (webhook, PTB, conversation layer, engine, PostgreSQL), with the
sample organization in Berlin's time zone and a clock the test sets."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import build_services
from bot.commands.serve import platform_setups
from bot.web import create_app
from tests.e2e.telegram.demo import INSTRUCTOR, TRAINEE, Demo, load_demo
from tests.e2e.telegram.harness import TelegramHarness, served, telegram_settings
from tests.e2e.telegram.journey import TelegramUser, buttons
from tests.support.clock import SettableClock
from tests.support.fake_telegram import FakeTelegram, Person

# Tuesday 8 December 2026, 10:00-11:30 in Berlin (CET) = 09:00-10:30 UTC.
START = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START - timedelta(days=1))


@pytest.fixture
async def demo(db: async_sessionmaker[AsyncSession]) -> Demo:
    return await load_demo(db)


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, db: async_sessionmaker[AsyncSession], tmp_path: Path, clock: SettableClock
) -> AsyncIterator[TelegramHarness]:
    settings = telegram_settings(fake_telegram).model_copy(update={"data_dir": tmp_path})
    services = build_services(settings, db, clock)
    async with served(create_app(services, platform_setups(services)), fake_telegram) as harness:
        yield harness


async def linked(app: TelegramHarness, demo: Demo, person: Person, email: str) -> TelegramUser:
    user = TelegramUser(person, app.fake, app.deliver)
    await user.say(f"/start {await demo.invite(email)}")
    assert user.saw("Your Telegram account is now linked")
    return user


def last_text(messages: list[dict[str, object]]) -> str:
    return "\n".join(str(message.get("text", "")) for message in messages)


async def test_an_instructor_schedules_a_trainee_rsvps_checks_in_when_open_and_out_and_the_instructor_marks(
    app: TelegramHarness, demo: Demo, clock: SettableClock, db: async_sessionmaker[AsyncSession]
) -> None:
    irene = await linked(app, demo, Person(902, "Irene", "Instructor"), INSTRUCTOR)
    tom = await linked(app, demo, Person(901, "Tom", "Trainee"), TRAINEE)
    tina = await linked(app, demo, Person(903, "Tina", "Tech"), "tina.tech@acme.example")

    scheduled = await irene.say("/session add Fire safety | 2026-12-08 10:00 | 11:30 | Room 4 | IT | 1 | workshop")
    assert "Scheduled S1 Fire safety" in last_text(scheduled)
    assert "Tue 8 Dec 2026, 10:00–11:30 CET" in last_text(scheduled)
    async with db() as session:
        code = await session.scalar(text("SELECT checkin_code FROM training_sessions"))

    (listing,) = await tom.say("/sessions")
    assert (
        "S1 Fire safety — Tue 8 Dec 2026, 10:00–11:30 CET · Room 4 · Information Technology · 0/1 seats"
        in (listing["text"])
    )
    assert [button["text"] for button in buttons(listing)] == ["RSVP S1"]
    (registered,) = await tom.press("RSVP S1")
    assert "Check-in opens at 09:45 CET" in registered["text"]
    assert "is full (1 seats)" in last_text(await tina.say("/rsvp S1"))

    clock.set(START - timedelta(minutes=16))
    assert "opens at Tue 8 Dec 2026, 09:45 CET" in last_text(await tom.say("/checkin S1"))
    clock.set(START - timedelta(minutes=14))
    (listing,) = await tom.say("/sessions")
    assert [button["text"] for button in buttons(listing)] == ["Check in S1"]
    (checked_in,) = await tom.press("Check in S1")
    assert "You're checked in to S1 Fire safety at 09:46 CET" in checked_in["text"]
    clock.set(START + timedelta(minutes=60))
    (checked_out,) = await tom.press("Check out S1", on=checked_in)
    assert "checked out of S1 Fire safety at 11:00 CET" in checked_out["text"]

    assert "is full" in last_text(await tina.say(f"/checkin {code}"))
    assert "now excused" in last_text(await irene.say("/mark S1 tina.tech@acme.example excused stuck in traffic"))
    (attendance,) = await irene.say("/attendance S1")
    assert "0 registered · 1 attended · 0 absent · 1 excused · 1 seats" in attendance["text"]
    assert "Tom Trainee (tom.trainee@acme.example) · attended · in 09:46 CET, out 11:00 CET" in attendance["text"]
    clock.set(START + timedelta(minutes=90))
    assert "has ended" in last_text(await tina.say(f"/checkin {code}"))
    assert "Only instructors and admins" in last_text(await tom.say("/attendance S1"))


async def test_an_instructor_schedules_step_by_step_and_the_trainee_gives_the_seat_back(
    app: TelegramHarness, demo: Demo
) -> None:
    irene = await linked(app, demo, Person(902, "Irene", "Instructor"), INSTRUCTOR)
    tom = await linked(app, demo, Person(901, "Tom", "Trainee"), TRAINEE)
    await irene.say("/session new")
    for answer in ("Phishing clinic", "2026-12-09 14:00", "15:00", "https://meet.example/clinic", "SEC-101", "-"):
        await irene.say(answer)
    assert "Scheduled S1 Phishing clinic" in last_text(await irene.say("webinar"))

    assert "no upcoming sessions" in last_text(await tom.say("/sessions"))  # for SEC-101, and Tom is not enrolled
    await tom.say("/enroll SEC-101")
    await tom.say("/sessions")
    (registered,) = await tom.press("RSVP S1")
    assert "You're registered for S1 Phishing clinic, Wed 9 Dec 2026, 14:00–15:00 CET" in registered["text"]
    await tom.say("/sessions")
    (cancelled,) = await tom.press("Cancel RSVP S1")
    assert "Your seat for S1 Phishing clinic is cancelled" in cancelled["text"]
