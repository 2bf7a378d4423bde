"""Due-date reminders on Slack through the real slack-bolt app and worker against FakeSlack: the reminder as Block
Kit with its buttons, Mute pressed, and `/learn unmute` typed."""

import argparse
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import Services, build_services
from bot.commands.slack import connect
from bot.runtime import Database
from bot.settings import Settings
from domain.reminders import remind_due_dates
from tests.e2e.slack.harness import SlackHarness, serving_backend, slack_settings
from tests.e2e.slack.journey import SlackPerson, dm_of, labels_of, one_text
from tests.integration.reminders.support import Assigned, Db, assigned
from tests.support.clock import SettableClock
from tests.support.deliveries import FAST_DELIVERY, deliver_all, link_chat
from tests.support.fake_slack import TEAM_ID, FakeSlack

DUE = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
# The course's title, Security *basics*, as Slack shows it: its stars kept literal by zero-width spaces.
TITLE = "*Security \u200b*\u200bbasics\u200b*\u200b*"
DAY = timedelta(days=1)


@pytest.fixture
def services(db: Db, fake_slack: FakeSlack, tmp_path: Path) -> Services:
    slack = slack_settings(fake_slack).slack
    return build_services(Settings(data_dir=tmp_path, slack=slack, delivery=FAST_DELIVERY), db)


@pytest.fixture
async def live(fake_slack: FakeSlack, services: Services) -> AsyncIterator[SlackHarness]:
    assert services.slack is not None
    async with serving_backend(services.slack, fake_slack) as harness:
        yield harness


@pytest.fixture
async def sue(db: Db, engine: AsyncEngine, fake_slack: FakeSlack) -> Assigned:
    a = await assigned(db, DUE)
    assert await connect(Database(engine, db, embedded=False), argparse.Namespace(org=a.org.slug, team=TEAM_ID)) == 0
    fake_slack.add_user("USUE", a.trainee.email)
    await link_chat(db, a.trainee, "slack", "USUE", dm_of("USUE"))
    return a


async def test_the_reminder_arrives_in_slack_and_mute_pressed_there_stops_the_next_one(
    live: SlackHarness, services: Services, sue: Assigned, db: Db, database_url: URL
) -> None:
    person = SlackPerson(live, "USUE")
    await remind_due_dates(services.bus.units, SettableClock(DUE - 3 * DAY))
    await deliver_all(services, database_url, db)

    [reminder] = person.messages()
    person.seen = 1
    assert one_text([reminder]) == (
        f"⏰ Reminder: {TITLE} (SEC-101) is due on 10 Mar 2027, 12:00 UTC, in 3 days. Pick up where you left off:"
    )
    assert labels_of(reminder) == ["Continue", "Mute reminders"]

    muted = one_text(await person.press("Mute reminders"))
    assert muted.startswith(f"🔕 Reminders for {TITLE} (SEC-101) are muted")
    assert await remind_due_dates(services.bus.units, SettableClock(DUE - DAY)) == 0

    assert one_text(await person.learn("unmute sec-101")) == f"🔔 Reminders for {TITLE} (SEC-101) are on again."
    assert "are not muted" in one_text(await person.say("unmute SEC-101"))
    assert await remind_due_dates(services.bus.units, SettableClock(DUE - DAY)) == 1


async def test_mute_for_a_course_that_does_not_exist_is_answered_kindly_in_slack(
    live: SlackHarness, sue: Assigned
) -> None:
    person = SlackPerson(live, "USUE")

    said = one_text(await person.learn("mute NOPE-1"))

    assert said == "I can't find a course with the code *NOPE-1*. Type *courses* to see the courses open to you."
