"""Session reminders and notices around the console (`learnbot chat --as ...` with stdin, the real clock): the
instructor changes and cancels there and reads how many were told; the registered, on Telegram and Slack, get
the reminder and the notices from the real delivery worker (the console itself only answers)."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import URL

from bot.bootstrap import Services
from domain.models import User
from domain.sessions.reminders import remind_session_starts
from tests.e2e.telegram.harness import serving_backend as serving_telegram
from tests.e2e.telegram.harness import telegram_settings
from tests.integration.chat.test_console import run
from tests.support import factories
from tests.support.clock import SettableClock
from tests.support.deliveries import Db, both_platforms, deliver_all, link_chat, running_fake_slack, slack_on
from tests.support.fake_slack import FakeSlack
from tests.support.fake_telegram import FakeTelegram, running_fake_telegram

BERLIN = ZoneInfo("Europe/Berlin")
TOM_ON_TELEGRAM = 904


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    async with running_fake_telegram() as fake:
        yield fake


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    async with running_fake_slack() as fake:
        yield fake


@pytest.fixture
async def services(
    db: Db, fake_telegram: FakeTelegram, fake_slack: FakeSlack, tmp_path: Path
) -> AsyncIterator[Services]:
    services = both_platforms(db, telegram_settings(fake_telegram).telegram, slack_on(fake_slack), tmp_path)
    assert services.telegram is not None
    async with serving_telegram(services.telegram, fake_telegram):
        yield services


@pytest.fixture
async def school(db: Db) -> dict[str, User]:
    """Tess teaches; Sue is on Slack, Tom on Telegram. Berlin time, quiet hours off (the test runs at any hour)."""
    async with db() as session:
        org = await factories.organization(session, settings={"timezone": "Europe/Berlin", "quiet_hours": False})
        people = {
            "tess": await factories.user(session, org, "instructor", first_name="Tess", last_name="Teacher"),
            "sue": await factories.user(session, org, "trainee", first_name="Sue", last_name="Slack"),
            "tom": await factories.user(session, org, "trainee", first_name="Tom", last_name="Telegram"),
        }
        await session.commit()
    await link_chat(db, people["sue"], "slack", "USUE", "DSUE")
    await link_chat(db, people["tom"], "telegram", str(TOM_ON_TELEGRAM), str(TOM_ON_TELEGRAM))
    return people


def slack_texts(fake_slack: FakeSlack, channel: str) -> list[str]:
    return [str(post.get("text", "")) for post in fake_slack.posted() if post["channel"] == channel]


async def test_reminders_and_the_notices_of_a_change_and_a_cancellation_typed_on_the_console(
    services: Services,
    school: dict[str, User],
    fake_telegram: FakeTelegram,
    fake_slack: FakeSlack,
    db: Db,
    database_url: URL,
    tmp_path: Path,
) -> None:
    day = datetime.now(BERLIN).date() + timedelta(days=2)
    start = datetime.combine(day, time(10, 0), tzinfo=BERLIN).astimezone(UTC)
    tess, sue, tom = (school[name].email for name in ("tess", "sue", "tom"))
    scheduled = await run(tess, [f"session add Console drill | {day} 10:00 | 11:00 | Room 1"], database_url, tmp_path)
    assert "Scheduled S1 Console drill" in scheduled
    for trainee in (sue, tom):
        assert "You're registered for S1 Console drill" in await run(trainee, ["rsvp S1"], database_url, tmp_path)

    assert await remind_session_starts(services.bus.units, SettableClock(start - timedelta(hours=24))) == 2
    await deliver_all(services, database_url, db)
    [reminder] = fake_telegram.texts_to(TOM_ON_TELEGRAM)
    assert reminder.startswith("⏰ Reminder: S1 Console drill starts in 24 hours\n")
    assert "\n📍 Room 1\n" in reminder
    [to_sue] = slack_texts(fake_slack, "DSUE")
    assert to_sue.startswith("⏰ Reminder: *S1* Console drill starts in 24 hours\n")

    changed = await run(tess, ["session change S1 | - | - | Room 2"], database_url, tmp_path)
    assert "📣 Told the 2 people registered about the change." in changed
    await deliver_all(services, database_url, db)
    assert fake_telegram.texts_to(TOM_ON_TELEGRAM)[-1] == (
        "📅 S1 Console drill has changed:\nWhere: Room 1 → Room 2\nYou're still registered."
    )
    assert slack_texts(fake_slack, "DSUE")[-1] == (
        "📅 *S1* Console drill has changed:\nWhere: Room 1 → *Room 2*\nYou're still registered."
    )

    cancelled = await run(tess, ["session cancel S1"], database_url, tmp_path)
    assert "Cancelled S1 Console drill." in cancelled
    assert "📣 Told the 2 people registered that it is cancelled." in cancelled
    await deliver_all(services, database_url, db)
    assert fake_telegram.texts_to(TOM_ON_TELEGRAM)[-1].startswith("❌ S1 Console drill (")
    assert "has been cancelled" in slack_texts(fake_slack, "DSUE")[-1]
    assert len(fake_telegram.texts_to(TOM_ON_TELEGRAM)) == 3
