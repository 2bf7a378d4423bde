"""What a registered trainee reads in Slack before a live session and when it changes or is cancelled: enqueued
by the reminder job and the instructor's commands, posted by the real delivery worker through slack_sdk to the
fake Web API, and answered with the buttons of what arrived (Berlin time, a clock the test sets)."""

import argparse
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import Services, build_services
from bot.commands.slack import connect
from bot.runtime import Database
from bot.settings import Settings
from domain.models import User
from domain.sessions.reminders import remind_session_starts
from tests.e2e.slack.harness import SlackHarness, serving_backend, slack_settings
from tests.e2e.slack.journey import SlackPerson, labels_of, one_text, text_of
from tests.support import factories
from tests.support.clock import SettableClock
from tests.support.deliveries import FAST_DELIVERY, Db, deliver_all
from tests.support.fake_slack import TEAM_ID, FakeSlack

# Tuesday 8 December 2026, 10:00 in Berlin (CET) = 09:00 UTC.
START = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class People:
    irene: SlackPerson
    tom: SlackPerson
    tina: SlackPerson


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START - timedelta(days=2))


@pytest.fixture
def services(db: Db, fake_slack: FakeSlack, tmp_path: Path, clock: SettableClock) -> Services:
    settings = Settings(data_dir=tmp_path, slack=slack_settings(fake_slack).slack, delivery=FAST_DELIVERY)
    return build_services(settings, db, clock)


@pytest.fixture
async def slack(fake_slack: FakeSlack, services: Services) -> AsyncIterator[SlackHarness]:
    assert services.slack is not None
    async with serving_backend(services.slack, fake_slack) as harness:
        yield harness


@pytest.fixture
async def people(db: Db, engine: AsyncEngine, slack: SlackHarness) -> People:
    async with db() as session:
        org = await factories.organization(session, settings={"timezone": "Europe/Berlin"})
        staff: list[User] = [await factories.user(session, org, "instructor", first_name="Irene")]
        trainees = [await factories.user(session, org, "trainee", first_name=name) for name in ("Tom", "Tina")]
        await session.commit()
    assert await connect(Database(engine, db, embedded=False), argparse.Namespace(org=org.slug, team=TEAM_ID)) == 0
    for user_id, person in zip(("U0IRENE", "U0TOM", "U0TINA"), [*staff, *trainees], strict=True):
        slack.fake.add_user(user_id, person.email)
    irene, tom, tina = (SlackPerson(slack, user_id) for user_id in ("U0IRENE", "U0TOM", "U0TINA"))
    return People(irene, tom, tina)


def delivered(person: SlackPerson) -> list[dict[str, Any]]:
    """What arrived in the person's DM since they last looked (deliveries come outside a reply)."""
    messages = person.messages()
    new, person.seen = messages[person.seen :], len(messages)
    return new


def link_buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (element["text"]["text"], element["url"])
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if "url" in element
    ]


async def test_the_reminder_shows_the_meeting_link_and_cancel_my_seat_gives_the_seat_back(
    people: People, clock: SettableClock, services: Services, db: Db, database_url: URL
) -> None:
    scheduled = await people.irene.say("session add Webinar | 2026-12-08 10:00 | 11:00 | <https://meet.example/fire>")
    assert "Scheduled *S1* Webinar" in one_text(scheduled)
    assert "You're registered for *S1* Webinar" in one_text(await people.tom.learn("rsvp S1"))

    clock.set(START - timedelta(hours=24))
    assert await remind_session_starts(services.bus.units, clock) == 1
    await deliver_all(services, database_url, db)

    [reminder] = delivered(people.tom)
    assert text_of(reminder) == (
        "⏰ Reminder: *S1* Webinar starts in 24 hours\nTue 8 Dec 2026, 10:00–11:00 CET\n"
        "Can't make it? Cancel your seat so someone else can have it."
    )
    assert link_buttons(reminder) == [("Join the meeting", "https://meet.example/fire")]
    assert "Cancel my seat" in labels_of(reminder)
    assert delivered(people.irene) == []
    assert one_text(await people.tom.press("Cancel my seat")) == "Your seat for S1 Webinar is cancelled."

    clock.set(START - timedelta(minutes=15))
    assert await remind_session_starts(services.bus.units, clock) == 0


async def test_the_15_minute_reminder_checks_in_and_a_change_and_a_cancellation_are_told(
    people: People, clock: SettableClock, services: Services, db: Db, database_url: URL
) -> None:
    await people.irene.learn("session add Fire safety | 2026-12-08 10:00 | 11:30 | Room 4")
    await people.tom.learn("rsvp S1")
    await people.tina.learn("rsvp S1")

    moved = await people.irene.learn("session change S1 | 2026-12-08 14:00")
    assert one_text(moved).endswith("📣 Told the 2 people registered about the change.")
    await deliver_all(services, database_url, db)
    for trainee in (people.tom, people.tina):
        [notice] = delivered(trainee)
        assert text_of(notice) == (
            "📅 *S1* Fire safety has changed:\n"
            "When: Tue 8 Dec 2026, 10:00–11:30 CET → *Tue 8 Dec 2026, 14:00–15:30 CET*\nYou're still registered."
        )
        assert labels_of(notice) == ["Cancel my seat"]

    new_start = START + timedelta(hours=4)
    clock.set(new_start - timedelta(minutes=15))
    assert await remind_session_starts(services.bus.units, clock) == 2
    await deliver_all(services, database_url, db)
    [quarter] = delivered(people.tom)
    assert text_of(quarter).startswith("⏰ Reminder: *S1* Fire safety starts in 15 minutes\n")
    assert labels_of(quarter) == ["Check in"]
    assert "You're checked in to *S1* Fire safety at 13:45 CET" in one_text(await people.tom.press("Check in"))
    delivered(people.tina)

    cancelled = await people.irene.learn("session cancel S1")
    assert one_text(cancelled).endswith("📣 Told the 2 people registered that it is cancelled.")
    await deliver_all(services, database_url, db)
    [notice] = delivered(people.tina)
    assert text_of(notice) == (
        "❌ *S1* Fire safety (Tue 8 Dec 2026, 14:00–15:30 CET) has been cancelled. Your seat is released; nothing "
        "else to do."
    )
    assert labels_of(notice) == ["Upcoming sessions"]
    assert delivered(people.irene) == []
