"""Announcements and messages typed on the console (`learnbot chat --as ...` with stdin): the replies a person
reads there, and the deliveries the real worker then sends through the Telegram and Slack backends to the fakes."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL

from bot.bootstrap import Services
from domain.models import User
from tests.e2e.telegram.harness import serving_backend as serving_telegram
from tests.e2e.telegram.harness import telegram_settings
from tests.integration.chat.test_console import run
from tests.support import factories
from tests.support.deliveries import Db, both_platforms, deliver_all, link_chat, running_fake_slack, slack_on
from tests.support.fake_slack import FakeSlack
from tests.support.fake_telegram import FakeTelegram, running_fake_telegram

TOM_ON_TELEGRAM = 902


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
    """The services of a `learnbot serve` beside the console: its Telegram adapter runs, so it can deliver."""
    services = both_platforms(db, telegram_settings(fake_telegram).telegram, slack_on(fake_slack), tmp_path)
    assert services.telegram is not None
    async with serving_telegram(services.telegram, fake_telegram):
        yield services


@pytest.fixture
async def school(db: Db) -> dict[str, User]:
    """Tess teaches SEC-101 to Sue (on Slack) and Tom (on Telegram)."""
    async with db() as session:
        org = await factories.organization(session, settings=factories.NO_QUIET_HOURS)
        people = {
            "tess": await factories.user(session, org, "instructor", first_name="Tess", last_name="Teacher"),
            "sue": await factories.user(session, org, "trainee", first_name="Sue", last_name="Slack"),
            "tom": await factories.user(session, org, "trainee", first_name="Tom", last_name="Telegram"),
        }
        course = await factories.course(session, org, people["tess"], course_code="SEC-101")
        for name in ("sue", "tom"):
            await factories.enrollment(session, people[name], course)
        await session.commit()
    await link_chat(db, people["sue"], "slack", "USUE", "DSUE")
    await link_chat(db, people["tom"], "telegram", str(TOM_ON_TELEGRAM), str(TOM_ON_TELEGRAM))
    return people


def to_slack(fake_slack: FakeSlack, channel: str) -> list[str]:
    return [
        str(post.get("text", "")) + str(post.get("blocks", ""))
        for post in fake_slack.posted()
        if post["channel"] == channel
    ]


async def test_an_announcement_typed_on_the_console_reaches_trainees_on_telegram_and_slack(
    services: Services,
    school: dict[str, User],
    fake_telegram: FakeTelegram,
    fake_slack: FakeSlack,
    db: Db,
    database_url: URL,
    tmp_path: Path,
) -> None:
    tess, sue = school["tess"].email, school["sue"].email

    posted = await run(tess, ["announce SEC-101 Exam moved !urgent | The exam is on Friday."], database_url, tmp_path)
    assert posted == "📣 Posted Exam moved to SEC-101: on its way to 2 people.\n  [1] Withdraw\n\n"
    await deliver_all(services, database_url, db)

    assert fake_telegram.texts_to(TOM_ON_TELEGRAM) == [
        "🚨 URGENT · Exam moved\nThe exam is on Friday.\n\nUrgent announcement"
    ]
    [to_sue] = [post for post in fake_slack.posted() if post["channel"] == "DSUE"]
    assert to_sue["text"] == "🚨 *URGENT* · *Exam moved*\nThe exam is on Friday."
    listing = await run(tess, ["announcements"], database_url, tmp_path)
    assert "🚨 URGENT · Exam moved\nThe exam is on Friday.\n  — sent 2 of 2" in listing
    assert "Exam moved" in await run(sue, ["announcements"], database_url, tmp_path)


async def test_the_author_sees_unreachable_people_apart_from_a_send_that_failed(
    services: Services,
    school: dict[str, User],
    fake_telegram: FakeTelegram,
    fake_slack: FakeSlack,
    db: Db,
    database_url: URL,
    tmp_path: Path,
) -> None:
    fake_telegram.block(TOM_ON_TELEGRAM)
    fake_slack.fail("chat.postMessage", "msg_too_long")  # Sue's channel is there; Slack refused the message
    await run(school["tess"].email, ["announce SEC-101 Exam moved | The exam is on Friday."], database_url, tmp_path)
    await deliver_all(services, database_url, db)

    listing = await run(school["tess"].email, ["announcements"], database_url, tmp_path)
    assert "Exam moved\nThe exam is on Friday.\n  — sent 0 of 2 · 1 unreachable · 1 failed" in listing


async def test_the_guided_announce_flow_on_the_console_previews_the_count_and_sends_on_confirm(
    services: Services,
    school: dict[str, User],
    fake_telegram: FakeTelegram,
    db: Db,
    database_url: URL,
    tmp_path: Path,
) -> None:
    # SEC-101, title, text, Normal, No pin, Now, Keep it, then Send.
    answers = ["announce", "1", "Lab open", "Open all week.", "2", "2", "1", "1"]
    preview = await run(school["tess"].email, answers, database_url, tmp_path)
    assert "Preview, to SEC-101 (2 people):\n\nLab open\nOpen all week." in preview
    assert preview.rstrip().endswith("  [1] Send\n  [2] Cancel\n  — Announcement")
    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM deliveries")) == 0  # nothing before Send

    sent = await run(
        school["tess"].email,
        ["announce", "1", "Lab open", "Open all week.", "2", "2", "1", "1", "1"],
        database_url,
        tmp_path,
    )
    assert "📣 Posted Lab open to SEC-101: on its way to 2 people." in sent
    await deliver_all(services, database_url, db)
    assert fake_telegram.texts_to(TOM_ON_TELEGRAM) == ["Lab open\nOpen all week.\n\nAnnouncement"]


async def test_a_trainee_who_types_announce_on_the_console_is_refused_and_nothing_is_posted(
    school: dict[str, User], db: Db, database_url: URL, tmp_path: Path
) -> None:
    refusal = "Only instructors and admins can post announcements. Ask your instructor to share it."

    said = await run(school["sue"].email, ["announce SEC-101 Party | Cake.", "announce"], database_url, tmp_path)

    assert said == f"{refusal}\n\n{refusal}\n\n"
    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM announcements")) == 0


async def test_a_message_typed_on_the_console_is_answered_from_the_inbox_and_the_reply_reaches_slack(
    services: Services,
    school: dict[str, User],
    fake_telegram: FakeTelegram,
    fake_slack: FakeSlack,
    db: Db,
    database_url: URL,
    tmp_path: Path,
) -> None:
    tess, sue = school["tess"].email, school["sue"].email
    await link_chat(db, school["tess"], "telegram", "901", "901")

    sent = await run(sue, ["message SEC-101 Module 2 does not open."], database_url, tmp_path)
    assert sent.startswith("✉️ Sent to Tess Teacher. They get it in their chat.")
    await deliver_all(services, database_url, db)
    [notice] = fake_telegram.sent(901)
    assert notice["text"].startswith(
        "✉️ Tess" if False else "✉️ Sue Slack writes about SEC-101:\nModule 2 does not open."
    )

    answering = await run(tess, ["inbox", "1", "Reload the page, please."], database_url, tmp_path)
    assert "Inbox (1 unread)\n\n🔵 Sue Slack, " in answering
    assert "Module 2 does not open.\n  [1] Reply\n  [2] Archive\n\nWrite your reply to Sue Slack:" in answering
    assert answering.rstrip().endswith("✉️ Sent to Sue Slack. They get it in their chat.")
    await deliver_all(services, database_url, db)
    [reply] = [post["text"] for post in fake_slack.posted() if post["channel"] == "DSUE"]
    assert reply == "✉️ *Tess Teacher* writes about SEC-101:\nReload the page, please."

    reading = await run(sue, ["inbox", "inbox", "2", "inbox"], database_url, tmp_path)
    assert reading.startswith("Inbox (1 unread)\n\n🔵 Tess Teacher, ")
    assert "Inbox (0 unread)\n\nTess Teacher, " in reading  # read now
    assert reading.rstrip().endswith("Archived.\n\nYour inbox is empty.")
    async with db() as session:
        threaded = (await session.execute(text("SELECT parent_message_id IS NOT NULL, is_read FROM messages"))).all()
    assert sorted(threaded) == [(False, True), (True, True)]

    choosing = await run(sue, ["notify via telegram", "notify via slack"], database_url, tmp_path)
    assert choosing == (
        "Your Telegram account is not linked yet, so I cannot send you anything there.\n\n"
        "From now on I will send you announcements and messages on Slack.\n\n"
    )
