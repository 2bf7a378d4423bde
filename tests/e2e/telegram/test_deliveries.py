"""Deliveries through the real Telegram and Slack backends against the fake APIs: announcements and messages typed
in Telegram reach people on both platforms; a 429 is sent later, a blocked bot or a missing channel is unreachable."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL

from bot.bootstrap import Services
from domain.models import User
from tests.e2e.telegram.harness import TelegramHarness, serving_backend, telegram_settings
from tests.support import factories
from tests.support.deliveries import (
    Db,
    both_platforms,
    deliver_all,
    link_chat,
    running_fake_slack,
    slack_on,
    stored_commands,
)
from tests.support.fake_slack import FakeSlack
from tests.support.fake_telegram import FakeTelegram, Person, callback_update, message_update

TEACHER = Person(701, "Tess", "Teacher")
TOM = Person(702, "Tom", "Trainee")
BLOCKER = Person(703, "Bo", "Blocker")


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    async with running_fake_slack() as fake:
        yield fake


@pytest.fixture
def services(db: Db, fake_telegram: FakeTelegram, fake_slack: FakeSlack, tmp_path: Path) -> Services:
    return both_platforms(db, telegram_settings(fake_telegram).telegram, slack_on(fake_slack), tmp_path)


@pytest.fixture
async def live(fake_telegram: FakeTelegram, services: Services) -> AsyncIterator[TelegramHarness]:
    assert services.telegram is not None
    async with serving_backend(services.telegram, fake_telegram) as harness:
        yield harness


async def school(db: Db) -> dict[str, User]:
    async with db() as session:
        org = await factories.organization(session, settings=factories.NO_QUIET_HOURS)
        people = {
            "teacher": await factories.user(session, org, "instructor", first_name="Tess", last_name="Teacher"),
            "tom": await factories.user(session, org, "trainee", first_name="Tom", last_name="Trainee"),
            "bo": await factories.user(session, org, "trainee", first_name="Bo"),
            "sue": await factories.user(session, org, "trainee", first_name="Sue"),
            "cy": await factories.user(session, org, "trainee", first_name="Cy"),
        }
        course = await factories.course(session, org, people["teacher"], course_code="SEC-101")
        for name in ("tom", "bo", "sue", "cy"):
            await factories.enrollment(session, people[name], course)
        await session.commit()
    await link_chat(db, people["teacher"], "telegram", str(TEACHER.id), str(TEACHER.id))
    await link_chat(db, people["tom"], "telegram", str(TOM.id), str(TOM.id))
    await link_chat(db, people["bo"], "telegram", str(BLOCKER.id), str(BLOCKER.id))
    await link_chat(db, people["sue"], "slack", "USUE", "DSUE")
    await link_chat(db, people["cy"], "slack", "UCY", "DCY")
    return people


async def test_an_announcement_typed_in_telegram_reaches_trainees_on_telegram_and_slack_despite_429s(
    live: TelegramHarness, fake_slack: FakeSlack, services: Services, db: Db, database_url: URL
) -> None:
    await school(db)
    live.fake.block(BLOCKER.id)

    await live.deliver(message_update(TEACHER, "/announce SEC-101 Exam moved !urgent | The exam is on Friday."))
    assert live.fake.texts_to(TEACHER.id) == ["📣 Posted Exam moved to SEC-101: on its way to 4 people."]
    live.fake.rate_limit("sendMessage", retry_after=1)
    fake_slack.rate_limit("chat.postMessage", retry_after=1)
    fake_slack.fail("chat.postMessage", "channel_not_found")  # after the 429: Cy's or Sue's channel is gone
    await deliver_all(services, database_url, db)

    [_refused, to_tom] = live.fake.texts_to(TOM.id)  # the first was answered 429
    assert [message["text"] for message in live.fake.sent(TOM.id)] == [to_tom]
    assert to_tom.startswith("🚨 URGENT · Exam moved\nThe exam is on Friday.")
    assert live.fake.sent(BLOCKER.id) == []  # tried once, answered 403
    posted = [post for post in fake_slack.posted() if "Exam moved" in str(post)]
    assert len(posted) == 1  # one Slack trainee got it once; the other's channel was not found
    async with db() as session:
        rows = (await session.execute(text("SELECT status, failure_reason FROM deliveries ORDER BY status"))).all()
        unreachable = set(
            await session.scalars(
                text("SELECT unreachable_reason FROM chat_identities WHERE unreachable_at IS NOT NULL")
            )
        )
    assert sorted(status for status, _ in rows) == ["failed", "failed", "sent", "sent"]
    assert unreachable == {
        "telegram sendMessage: Forbidden: bot was blocked by the user",
        "Slack chat.postMessage: channel_not_found",
    }

    await live.deliver(message_update(TEACHER, "/announcements"))
    assert "sent 2 of 4 · 2 unreachable" in live.fake.texts_to(TEACHER.id)[-1]


async def test_the_author_sees_unreachable_people_apart_from_a_send_slack_refused(
    live: TelegramHarness, fake_slack: FakeSlack, services: Services, db: Db, database_url: URL
) -> None:
    await school(db)
    live.fake.block(BLOCKER.id)
    fake_slack.fail("chat.postMessage", "msg_too_long")  # Sue's or Cy's: refused, though the channel is there

    await live.deliver(message_update(TEACHER, "/announce SEC-101 Exam moved | The exam is on Friday."))
    await deliver_all(services, database_url, db)

    await live.deliver(message_update(TEACHER, "/announcements"))
    assert "sent 2 of 4 · 1 unreachable · 1 failed" in live.fake.texts_to(TEACHER.id)[-1]


async def test_a_message_reaches_its_recipient_whose_reply_button_threads_the_answer_back(
    live: TelegramHarness, services: Services, db: Db, database_url: URL
) -> None:
    await school(db)

    await live.deliver(message_update(TOM, "/message SEC-101 Module 2 does not open."))
    await deliver_all(services, database_url, db)
    [notice] = live.fake.sent(TEACHER.id)[-1:]
    assert notice["text"].startswith("✉️ Tom Trainee writes about SEC-101:\nModule 2 does not open.")
    reply_button = notice["reply_markup"]["inline_keyboard"][0][0]
    assert reply_button["text"] == "Reply"
    # The outbox keeps each button's command; the backend writes its line when it sends, as for a live reply.
    [reply_command, archive_command] = await stored_commands(db, "message")
    assert (reply_command["command"], archive_command["command"]) == ("ReplyToMessage", "ArchiveMessage")

    await live.deliver(callback_update(TEACHER, notice, reply_button["callback_data"]))
    await live.deliver(message_update(TEACHER, "Reload the page, please."))
    await deliver_all(services, database_url, db)

    assert live.fake.texts_to(TOM.id)[-1].startswith("✉️ Tess Teacher writes about SEC-101:\nReload the page, please.")
    async with db() as session:
        threaded = await session.scalar(text("SELECT count(*) FROM messages WHERE parent_message_id IS NOT NULL"))
    assert threaded == 1
