"""Live sessions on Slack through the real slack-bolt app, the inbox, the engine and PostgreSQL, on a clock the
test sets, for an organization in Berlin's time zone."""

import argparse
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.bootstrap import Services, build_services
from bot.commands.slack import connect
from bot.runtime import Database
from bot.settings import Settings
from domain.models import User
from tests.e2e.slack.harness import SlackHarness, serving_backend, slack_settings
from tests.e2e.slack.journey import SlackPerson, labels_of, one_text, text_of
from tests.support import factories
from tests.support.clock import SettableClock
from tests.support.fake_slack import TEAM_ID, FakeSlack

# Tuesday 8 December 2026, 10:00-11:30 in Berlin (CET) = 09:00-10:30 UTC.
START = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    instructor: User
    trainee: User
    other: User


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START - timedelta(days=1))


@pytest.fixture
async def world(db: async_sessionmaker[AsyncSession], engine: AsyncEngine) -> World:
    async with db() as session:
        org = await factories.organization(session, settings={"timezone": "Europe/Berlin"})
        it = await factories.department(session, org, code="IT", name="Information Technology")
        instructor = await factories.user(session, org, "instructor", first_name="Irene", last_name="Instructor")
        trainee = await factories.user(session, org, "trainee", first_name="Tom", department_id=it.id)
        other = await factories.user(session, org, "trainee", first_name="Tina", department_id=it.id)
        await session.commit()
    assert await connect(Database(engine, db, embedded=False), argparse.Namespace(org=org.slug, team=TEAM_ID)) == 0
    return World(instructor, trainee, other)


@pytest.fixture
def services(
    db: async_sessionmaker[AsyncSession], fake_slack: FakeSlack, tmp_path: Path, clock: SettableClock
) -> Services:
    settings = Settings(data_dir=tmp_path, slack=slack_settings(fake_slack).slack)
    return build_services(settings, db, clock)


@pytest.fixture
async def slack(fake_slack: FakeSlack, services: Services) -> AsyncIterator[SlackHarness]:
    assert services.slack is not None
    async with serving_backend(services.slack, fake_slack) as harness:
        yield harness


async def test_schedule_rsvp_check_in_while_open_check_out_and_the_attendance_list_on_slack(
    slack: SlackHarness, world: World, clock: SettableClock, db: async_sessionmaker[AsyncSession]
) -> None:
    slack.fake.add_user("U0IRENE", world.instructor.email)
    slack.fake.add_user("U0TOM", world.trainee.email)
    slack.fake.add_user("U0TINA", world.other.email)
    irene, tom, tina = SlackPerson(slack, "U0IRENE"), SlackPerson(slack, "U0TOM"), SlackPerson(slack, "U0TINA")

    scheduled = await irene.learn("session add Fire safety | 2026-12-08 10:00 | 11:30 | Room 4 | IT | 20")
    assert "Scheduled *S1* Fire safety" in one_text(scheduled)
    assert "Tue 8 Dec 2026, 10:00–11:30 CET" in one_text(scheduled)
    async with db() as session:
        code = await session.scalar(text("SELECT checkin_code FROM training_sessions"))

    listing = await tom.learn("sessions")
    assert "*S1* Fire safety — Tue 8 Dec 2026, 10:00–11:30 CET · Room 4" in one_text(listing)
    assert labels_of(listing[-1]) == ["RSVP S1"]
    registered = await tom.press("RSVP S1")
    assert "Check-in opens at 09:45 CET" in one_text(registered)

    assert "opens at Tue 8 Dec 2026, 09:45 CET" in one_text(await tina.say(f"checkin {code}"))
    clock.set(START - timedelta(minutes=5))
    listing = await tom.say("sessions")
    assert labels_of(listing[-1]) == ["Check in S1"]
    checked_in = await tom.press("Check in S1")
    assert "You're checked in to *S1* Fire safety at 09:55 CET" in one_text(checked_in)
    assert "You're checked in to *S1*" in one_text(await tina.say(f"checkin {code.lower()}"))
    clock.set(START + timedelta(minutes=80))
    checked_out = await tom.press("Check out S1")
    assert "checked out of S1 Fire safety at 11:20 CET" in one_text(checked_out)

    [attendance] = await irene.learn("attendance S1")
    shown = text_of(attendance)
    assert "0 registered · 2 attended · 0 absent · 0 excused · 20 seats" in shown
    assert f"({world.trainee.email}) · attended · in 09:55 CET, out 11:20 CET" in shown
    clock.set(START + timedelta(minutes=90))
    assert "has ended" in one_text(await tom.say("checkout S1"))


async def test_the_guided_flow_on_slack_takes_each_answer_as_the_next_message(
    slack: SlackHarness, world: World, db: async_sessionmaker[AsyncSession]
) -> None:
    slack.fake.add_user("U0IRENE", world.instructor.email)
    irene = SlackPerson(slack, "U0IRENE")
    await irene.learn("session new")
    assert "When does it start?" in one_text(await irene.say("Team onboarding"))
    assert "could not read the start" in one_text(await irene.say("tomorrow at ten"))
    # Slack sends a typed link wrapped: <https://...>.
    for answer in ("2026-12-10 09:00", "2026-12-10 12:00", "<https://meet.example/onboarding>", "-", "30"):
        await irene.say(answer)
    done = await irene.say("meeting")
    assert "Scheduled *S1* Team onboarding" in one_text(done)
    assert "Thu 10 Dec 2026, 09:00–12:00 CET" in one_text(done)
    async with db() as session:
        row = (
            await session.execute(text("SELECT meeting_url, max_participants, session_type FROM training_sessions"))
        ).one()
    assert tuple(row) == ("https://meet.example/onboarding", 30, "meeting")
