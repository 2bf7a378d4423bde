"""Messages by chat: who may write to whom, delivery with a Reply button, threads, inbox, archive, tenancy."""

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.phrases.messaging import ARCHIVE_BY_BUTTON, REPLY_BY_BUTTON
from bot.bootstrap import Services, build_services
from bot.settings import Settings
from domain.models import User
from domain.models.enums import ChatPlatform
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.chat.helpers import telegram
from tests.integration.delivery.conftest import link, run_workers
from tests.support import factories
from tests.support.fake_backend import RecordingBackend

Db = async_sessionmaker[AsyncSession]


@pytest.fixture
def services(db: Db, tmp_path: Path) -> Services:
    return build_services(Settings(data_dir=tmp_path), db)


@pytest.fixture
async def people(db: Db) -> dict[str, object]:
    async with db() as session:
        org = await factories.organization(session)
        other_org = await factories.organization(session)
        found: dict[str, object] = {
            "teacher": await factories.user(session, org, "instructor", first_name="Tess", email="tess@acme.example"),
            "admin": await factories.user(session, org, "admin", first_name="Ada"),
            "tom": await factories.user(session, org, "trainee", first_name="Tom", username="tom"),
            "kim": await factories.user(session, org, "trainee", first_name="Kim", username="kim"),
            "stranger": await factories.user(session, other_org, "trainee", email="zed@other.example"),
        }
        teacher, tom = found["teacher"], found["tom"]
        assert isinstance(teacher, User)
        assert isinstance(tom, User)
        course = await factories.course(session, org, teacher, course_code="SEC-101")
        await factories.enrollment(session, tom, course)
        await session.commit()
    for handle, person in found.items():
        assert isinstance(person, User)
        await link(db, person, ChatPlatform.TELEGRAM, handle)
    found["org"] = org
    return found


async def say(services: Services, who: str, words: str) -> list[str]:
    return [reply.text for reply in await services.chat.handle(telegram(who, words))]


async def messages(db: Db) -> list[tuple[str, str | None, bool]]:
    async with db() as session:
        rows = await session.execute(
            text(
                "SELECT m.content, p.content AS parent, coalesce(m.is_read, false) AS is_read FROM messages m "
                "LEFT JOIN messages p ON p.id = m.parent_message_id ORDER BY m.created_at"
            )
        )
        return [(row.content, row.parent, row.is_read) for row in rows]


async def test_a_trainee_writes_to_the_course_instructor_who_gets_it_with_a_reply_button_and_replies(
    db: Db, database_url: URL, services: Services, people: dict[str, object]
) -> None:
    assert await say(services, "tom", "message SEC-101 I cannot open module 2.") == [
        "✉️ Sent to Tess Instructor. They get it in their chat."
    ]
    backend = RecordingBackend(ChatPlatform.TELEGRAM)
    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: backend})
    [notice] = backend.to("teacher")[0].replies
    assert notice.text == "✉️ *Tom Trainee* writes about SEC-101:\nI cannot open module 2."
    assert [button.label for button in notice.buttons] == ["Reply", "Archive"]

    prompt = await services.chat.handle(telegram("teacher", notice.buttons[0].action))
    assert prompt[0].text == "Write your reply to Tom Trainee:"
    await services.chat.handle(telegram("teacher", "Try reloading the page."))
    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: backend})

    assert backend.to("tom")[0].replies[0].text == "✉️ *Tess Instructor* writes about SEC-101:\nTry reloading the page."
    assert await messages(db) == [
        ("I cannot open module 2.", None, False),
        ("Try reloading the page.", "I cannot open module 2.", False),
    ]


async def test_the_inbox_lists_unread_first_marks_them_read_and_archive_puts_one_away(
    db: Db, services: Services, people: dict[str, object]
) -> None:
    await say(services, "admin", "message @tom First")
    await say(services, "teacher", "message tom Second")
    [header, newest, oldest] = await services.chat.handle(telegram("tom", "inbox"))

    assert header.text == "*Inbox* (2 unread)"
    assert newest.text.startswith("🔵 *Tess Instructor*")
    assert oldest.text.startswith("🔵 *Ada Admin*")
    assert [read for _, _, read in await messages(db)] == [True, True]
    assert (await services.chat.handle(telegram("tom", "inbox")))[0].text == "*Inbox* (0 unread)"
    assert await say(services, "tom", oldest.buttons[1].action) == ["Archived."]
    assert len(await services.chat.handle(telegram("tom", "inbox"))) == 2


@pytest.mark.parametrize(
    ("words", "answer"),
    [
        ("archive %%%%", ARCHIVE_BY_BUTTON),
        ("archive ____", ARCHIVE_BY_BUTTON),
        ("archive 12", ARCHIVE_BY_BUTTON),
        ("archive", ARCHIVE_BY_BUTTON),
        ("reply %%%% Thanks", REPLY_BY_BUTTON),
        ("archive 0000ffff", "There is no message 0000ffff for you. Type *inbox* to see yours"),
    ],
)
async def test_an_archive_or_reply_that_names_no_message_explains_how_and_changes_nothing(
    db: Db, services: Services, people: dict[str, object], words: str, answer: str
) -> None:
    await say(services, "teacher", "message tom Second")

    [reply] = await say(services, "tom", words)

    assert reply.startswith(answer)
    assert len(await messages(db)) == 1
    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM messages WHERE is_archived")) == 0


@pytest.mark.parametrize(
    ("who", "words", "answer"),
    [
        ("tom", "message kim Hi", "Trainees can message the instructors of their courses."),
        ("tom", "message @admin Hi", "I found nobody @admin"),
        ("tom", "message zed@other.example Hi", "I found nobody zed@other.example in your organization."),
        ("teacher", "message zed@other.example Hi", "I found nobody zed@other.example in your organization."),
        ("tom", "message tom Hi", "That is you; write to someone else."),
        ("tom", "message", "Usage: `message"),
        ("tom", "reply 12345678 Hi", "There is no message 12345678 for you. Type *inbox* to see yours"),
        ("tom", "reply 123 Hi", REPLY_BY_BUTTON),
        ("tom", "reply", REPLY_BY_BUTTON),
    ],
)
async def test_messages_nobody_may_send_are_refused_and_nothing_is_stored(
    db: Db, services: Services, people: dict[str, object], who: str, words: str, answer: str
) -> None:
    [reply] = await say(services, who, words)

    assert reply.startswith(answer)
    assert await messages(db) == []
    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM deliveries")) == 0


async def test_trainees_write_to_each_other_when_the_organization_allows_it(
    db: Db, services: Services, people: dict[str, object]
) -> None:
    async with db() as session:
        await session.execute(
            text("UPDATE organizations SET settings = '{\"trainee_messaging\": true}' WHERE id = :id"),
            {"id": people["org"].id},  # type: ignore[attr-defined]
        )
        await session.commit()

    assert await say(services, "tom", "message kim Lunch?") == ["✉️ Sent to Kim Trainee. They get it in their chat."]


async def test_another_organizations_messages_and_deliveries_are_invisible(
    db: Db, services: Services, people: dict[str, object]
) -> None:
    await say(services, "admin", "message tom Private")
    async with db() as session:
        other = await factories.organization(session)
        await session.commit()

    async with PostgresUnitsOfWork(db).open(organization_id=other.id) as uow:
        seen = await uow.fetch_one(
            text("SELECT (SELECT count(*) FROM messages) AS m, (SELECT count(*) FROM deliveries) AS d"), {}
        )
    assert (seen.m, seen.d) == (0, 0)
    async with PostgresUnitsOfWork(db).open(organization_id=people["org"].id) as uow:  # type: ignore[attr-defined]
        seen = await uow.fetch_one(
            text("SELECT (SELECT count(*) FROM messages) AS m, (SELECT count(*) FROM deliveries) AS d"), {}
        )
    assert (seen.m, seen.d) == (1, 1)
