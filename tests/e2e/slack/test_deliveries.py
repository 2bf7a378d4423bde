"""Announcements and messages typed in Slack, through the real slack-bolt app against FakeSlack, delivered by the
real delivery worker to people on Slack and Telegram (FakeTelegram): what each person reads."""

import argparse
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import Services
from bot.commands.slack import connect
from bot.runtime import Database
from domain.models import User
from tests.e2e.slack.harness import SlackHarness, serving_backend, slack_settings
from tests.e2e.slack.journey import SlackPerson, dm_of, labels_of, one_text
from tests.e2e.telegram.harness import serving_backend as serving_telegram
from tests.e2e.telegram.harness import telegram_settings
from tests.support import factories
from tests.support.deliveries import Db, both_platforms, deliver_all, link_chat, stored_commands
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.fake_telegram import FakeTelegram, running_fake_telegram

TOM_ON_TELEGRAM = 802


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    async with running_fake_telegram() as fake:
        yield fake


@pytest.fixture
def services(db: Db, fake_slack: FakeSlack, fake_telegram: FakeTelegram, tmp_path: Path) -> Services:
    slack = slack_settings(fake_slack).slack
    assert slack is not None
    return both_platforms(db, telegram_settings(fake_telegram).telegram, slack, tmp_path)


@pytest.fixture
async def slack(fake_slack: FakeSlack, fake_telegram: FakeTelegram, services: Services) -> AsyncIterator[SlackHarness]:
    """The Slack app people type in; the Telegram adapter runs beside it, as in `learnbot serve`, to deliver."""
    assert services.slack is not None
    assert services.telegram is not None
    async with (
        serving_telegram(services.telegram, fake_telegram),
        serving_backend(services.slack, fake_slack) as harness,
    ):
        yield harness


@pytest.fixture
async def school(db: Db, engine: AsyncEngine, fake_slack: FakeSlack) -> dict[str, User]:
    """Tess teaches SEC-101 to Sue and Cy (on Slack) and Tom (on Telegram); all linked already."""
    async with db() as session:
        org = await factories.organization(session, settings=factories.NO_QUIET_HOURS)
        people = {
            "tess": await factories.user(session, org, "instructor", first_name="Tess", last_name="Teacher"),
            "sue": await factories.user(session, org, "trainee", first_name="Sue", last_name="Slack"),
            "cy": await factories.user(session, org, "trainee", first_name="Cy", last_name="Slack"),
            "tom": await factories.user(session, org, "trainee", first_name="Tom", last_name="Telegram"),
        }
        course = await factories.course(session, org, people["tess"], course_code="SEC-101")
        for name in ("sue", "cy", "tom"):
            await factories.enrollment(session, people[name], course)
        await session.commit()
    assert await connect(Database(engine, db, embedded=False), argparse.Namespace(org=org.slug, team=TEAM_ID)) == 0
    for name, user_id in (("tess", "UTESS"), ("sue", "USUE"), ("cy", "UCY")):
        fake_slack.add_user(user_id, people[name].email)
    await link_chat(db, people["tess"], "slack", "UTESS", dm_of("UTESS"))
    await link_chat(db, people["sue"], "slack", "USUE", dm_of("USUE"))
    await link_chat(db, people["cy"], "slack", "UCY", dm_of("UCY"))
    await link_chat(db, people["tom"], "telegram", str(TOM_ON_TELEGRAM), str(TOM_ON_TELEGRAM))
    return people


def new_in(person: SlackPerson) -> str:
    """What arrived in this person's DM since they last looked (deliveries come outside a reply)."""
    messages = person.messages()
    new, person.seen = messages[person.seen :], len(messages)
    return one_text(new)


async def test_an_announcement_typed_in_slack_reaches_the_course_on_slack_and_telegram_once_each(
    slack: SlackHarness,
    fake_telegram: FakeTelegram,
    services: Services,
    school: dict[str, User],
    db: Db,
    database_url: URL,
) -> None:
    tess, sue, cy = SlackPerson(slack, "UTESS"), SlackPerson(slack, "USUE"), SlackPerson(slack, "UCY")

    posted = await tess.say("announce SEC-101 Exam moved !urgent !pin | The exam is on Friday.")
    assert one_text(posted) == "📣 Posted *Exam moved* to SEC-101: on its way to 3 people."
    await deliver_all(services, database_url, db)

    for trainee in (sue, cy):
        assert new_in(trainee) == "🚨 *URGENT* · *Exam moved*\nThe exam is on Friday.\nUrgent announcement · pinned"
    assert fake_telegram.texts_to(TOM_ON_TELEGRAM) == [
        "🚨 URGENT · Exam moved\nThe exam is on Friday.\n\nUrgent announcement · pinned"
    ]
    assert "📌 🚨 *URGENT* · *Exam moved*" in one_text(await sue.say("announcements"))
    assert "sent 3 of 3" in one_text(await tess.say("announcements"))


async def test_the_author_sees_unreachable_people_apart_from_a_send_that_failed(
    slack: SlackHarness,
    fake_telegram: FakeTelegram,
    services: Services,
    school: dict[str, User],
    db: Db,
    database_url: URL,
) -> None:
    tess = SlackPerson(slack, "UTESS")
    fake_telegram.block(TOM_ON_TELEGRAM)
    await tess.say("announce SEC-101 Exam moved | The exam is on Friday.")
    slack.fake.fail("chat.postMessage", "msg_too_long")  # Sue's or Cy's: refused, though the channel is there
    await deliver_all(services, database_url, db)

    assert "sent 1 of 3 · 1 unreachable · 1 failed" in one_text(await tess.say("announcements"))


async def test_a_trainee_who_types_announce_in_slack_is_refused_and_nothing_is_sent(
    slack: SlackHarness, school: dict[str, User], db: Db
) -> None:
    sue = SlackPerson(slack, "USUE")

    refused = await sue.say("announce SEC-101 Party | Cake at five.")

    assert one_text(refused) == "Only instructors and admins can post announcements. Ask your instructor to share it."
    assert one_text(await sue.say("announce")) == one_text(refused)
    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM announcements")) == 0


async def test_a_message_typed_in_slack_is_answered_with_the_reply_button_then_read_in_the_inbox_and_archived(
    slack: SlackHarness,
    fake_telegram: FakeTelegram,
    services: Services,
    school: dict[str, User],
    db: Db,
    database_url: URL,
) -> None:
    tess, sue = SlackPerson(slack, "UTESS"), SlackPerson(slack, "USUE")

    sent = await sue.say("message SEC-101 Module 2 does not open.")
    assert one_text(sent) == "✉️ Sent to Tess Teacher. They get it in their chat."
    await deliver_all(services, database_url, db)
    assert new_in(tess) == "✉️ *Sue Slack* writes about SEC-101:\nModule 2 does not open."
    assert labels_of(tess.messages()[-1]) == ["Reply", "Archive"]
    # The outbox keeps each button's command; the backend writes its line when it sends, as for a live reply.
    assert [command["command"] for command in await stored_commands(db, "message")] == [
        "ReplyToMessage",
        "ArchiveMessage",
    ]

    assert one_text(await tess.press("Reply")) == "Write your reply to Sue Slack:"
    assert one_text(await tess.say("Reload the page, please.")) == "✉️ Sent to Sue Slack. They get it in their chat."
    await deliver_all(services, database_url, db)
    assert new_in(sue) == "✉️ *Tess Teacher* writes about SEC-101:\nReload the page, please."

    unread = one_text(await sue.say("inbox"))
    assert unread.startswith("*Inbox* (1 unread)\n\n🔵 *Tess Teacher*, ")
    assert unread.endswith("Reload the page, please.")
    assert one_text(await sue.say("inbox")).startswith("*Inbox* (0 unread)\n\n*Tess Teacher*, ")  # read now
    assert one_text(await sue.press("Archive")) == "Archived."
    assert one_text(await sue.say("inbox")) == "Your inbox is empty."
    async with db() as session:
        threaded = (await session.execute(text("SELECT parent_message_id IS NOT NULL, is_read FROM messages"))).all()
    assert sorted(threaded) == [(False, False), (True, True)]


async def test_notify_via_telegram_typed_in_slack_sends_the_next_message_to_telegram_only(
    slack: SlackHarness,
    fake_telegram: FakeTelegram,
    services: Services,
    school: dict[str, User],
    db: Db,
    database_url: URL,
) -> None:
    tess, sue = SlackPerson(slack, "UTESS"), SlackPerson(slack, "USUE")
    not_yet = await sue.say("notify via telegram")
    assert one_text(not_yet) == "Your Telegram account is not linked yet, so I cannot send you anything there."
    await link_chat(db, school["sue"], "telegram", "803", "803")

    chosen = await sue.say("notify via telegram")
    assert one_text(chosen) == "From now on I will send you announcements and messages on Telegram."
    await tess.say(f"message {school['sue'].email} See you Friday.")
    await deliver_all(services, database_url, db)

    assert fake_telegram.texts_to(803) == ["✉️ Tess Teacher writes:\nSee you Friday."]
    assert new_in(sue) == ""


async def test_the_guided_announce_flow_in_slack_asks_step_by_step_previews_the_count_and_sends_on_confirm(
    slack: SlackHarness,
    fake_telegram: FakeTelegram,
    services: Services,
    school: dict[str, User],
    db: Db,
    database_url: URL,
) -> None:
    tess, sue = SlackPerson(slack, "UTESS"), SlackPerson(slack, "USUE")

    asked = await tess.say("announce")
    assert one_text(asked).startswith("📣 New announcement. Who is it for?")
    assert labels_of(asked[-1]) == ["SEC-101"]
    assert one_text(await tess.press("SEC-101")) == "Its title?"
    assert one_text(await tess.say("Lab open")) == "Its text?"
    priority = await tess.say("The lab is open all week.")
    assert (one_text(priority), labels_of(priority[-1])) == (
        "How important is it?",
        ["Low", "Normal", "High", "Urgent"],
    )
    assert labels_of((await tess.press("High"))[-1]) == ["Pin it", "No"]
    assert one_text(await tess.press("No")) == "Send it now, or type when: YYYY-MM-DD HH:MM (UTC)."
    assert labels_of((await tess.press("Now"))[-1]) == ["Keep it"]
    preview = one_text(await tess.press("Keep it"))
    assert preview == "Preview, to SEC-101 (3 people):\n\n❗ *Lab open*\nThe lab is open all week.\nAnnouncement"
    assert new_in(sue) == ""  # nothing goes out before Send

    posted = await tess.press("Send")
    assert one_text(posted) == "📣 Posted *Lab open* to SEC-101: on its way to 3 people."
    await deliver_all(services, database_url, db)
    assert new_in(sue) == "❗ *Lab open*\nThe lab is open all week.\nAnnouncement"
    assert fake_telegram.texts_to(TOM_ON_TELEGRAM) == ["❗ Lab open\nThe lab is open all week.\n\nAnnouncement"]


async def test_an_announcement_withdrawn_in_slack_before_the_worker_runs_reaches_nobody(
    slack: SlackHarness,
    fake_telegram: FakeTelegram,
    services: Services,
    school: dict[str, User],
    db: Db,
    database_url: URL,
) -> None:
    tess, sue = SlackPerson(slack, "UTESS"), SlackPerson(slack, "USUE")
    await tess.say("announce SEC-101 Wrong room | Room 4.")

    withdrawn = await tess.press("Withdraw")
    assert one_text(withdrawn) == "Withdrawn *Wrong room*: 3 not sent; 0 had been sent already."
    await deliver_all(services, database_url, db)

    assert new_in(sue) == ""
    assert fake_telegram.texts_to(TOM_ON_TELEGRAM) == []
    assert one_text(await sue.say("announcements")) == "There are no announcements for you right now."
    async with db() as session:
        statuses = set(await session.scalars(text("SELECT status FROM deliveries")))
    assert "sent" not in statuses
