"""The durable inbox (accept before ack, process, sweep what a crash stranded) and kept Telegram polls."""

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.backend import ChatAddress, Sent
from adapters.chat.housekeeping import forget_old_records
from adapters.chat.polls import TelegramPolls
from bot.bootstrap import Services
from domain.models import ChatIdentity
from domain.models.enums import ChatPlatform
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.chat.conftest import People
from tests.integration.chat.helpers import slack
from tests.integration.chat.test_linking import identities


async def connect_slack(db: async_sessionmaker[AsyncSession], people: People) -> None:
    async with db() as session:
        await session.execute(
            text("INSERT INTO slack_workspaces (team_id, organization_id) VALUES ('T0ACME', :org)"),
            {"org": people.org.id},
        )
        await session.commit()


async def handled_at(db: async_sessionmaker[AsyncSession], key: str) -> object:
    async with db() as session:
        return await session.scalar(text("SELECT handled_at FROM chat_inbox WHERE update_key = :k"), {"k": key})


async def test_an_update_is_accepted_once_and_processing_marks_it_handled(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await connect_slack(db, people)
    incoming = slack("U100", "T0ACME", "help", people.trainee.email, key="Ev01")

    assert await services.inbox.accept(incoming) is True
    assert await services.inbox.accept(incoming) is False
    assert await handled_at(db, "Ev01") is None
    replies = await services.inbox.process(incoming)

    assert "What I can do" in replies[-1].text
    assert await handled_at(db, "Ev01") is not None


class RecordingBackend:
    """A ChatBackend fake that keeps what it was asked to send."""

    platform = ChatPlatform.SLACK

    def __init__(self) -> None:
        self.sent: list[tuple[ChatAddress, list[Reply]]] = []

    async def send(self, to: ChatAddress, replies: Sequence[Reply]) -> Sent:
        self.sent.append((to, list(replies)))
        return Sent([str(len(self.sent))])


async def test_the_sweep_works_on_stranded_updates_and_delivers_their_replies(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await connect_slack(db, people)
    stranded = slack("U100", "T0ACME", "help", people.trainee.email, key="Ev02")
    fresh = slack("U100", "T0ACME", "help", people.trainee.email, key="Ev03")
    await services.inbox.accept(stranded)
    await services.inbox.accept(fresh)
    async with db() as session:
        await session.execute(
            text("UPDATE chat_inbox SET received_at = now() - interval '5 minutes' WHERE update_key = 'Ev02'")
        )
        await session.commit()
    backend = RecordingBackend()
    services.inbox.backends[ChatPlatform.SLACK] = backend

    assert await services.inbox.sweep() == 1
    assert await services.inbox.sweep() == 0
    assert [to for to, _ in backend.sent] == [ChatAddress(ChatPlatform.SLACK, "T0ACME", "U100", stranded.chat_id)]
    assert "What I can do" in backend.sent[0][1][-1].text
    assert await handled_at(db, "Ev02") is not None
    assert await handled_at(db, "Ev03") is None
    assert await identities(db) == [("slack", "U100", people.trainee.id)]


class SentToTess:
    poll_id = "5432109876"
    platform_user_id = "1001"
    chat_id = "1001"
    message_id = 77
    answer_action = "answer PyqKHntNTo-aaxwtPk9aaw 3 "


async def polls_kept(db: async_sessionmaker[AsyncSession]) -> list[tuple[object, ...]]:
    async with db() as session:
        rows = await session.execute(
            text("SELECT poll_id, organization_id, user_id, chat_id, message_id, answer_action FROM telegram_polls")
        )
        return [tuple(row) for row in rows]


async def test_a_sent_poll_is_kept_once_for_the_linked_person_it_went_to(
    people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    async with db() as session:
        session.add(
            ChatIdentity(
                organization_id=people.org.id, user_id=people.trainee.id, platform="telegram", platform_user_id="1001"
            )
        )
        await session.commit()
    polls = TelegramPolls(db)

    await polls.remember(SentToTess())
    await polls.remember(SentToTess())  # a second time changes nothing

    assert await polls_kept(db) == [
        ("5432109876", people.org.id, people.trainee.id, "1001", 77, "answer PyqKHntNTo-aaxwtPk9aaw 3 ")
    ]


async def test_a_poll_sent_to_someone_not_linked_is_not_kept(db: async_sessionmaker[AsyncSession]) -> None:
    await TelegramPolls(db).remember(SentToTess())
    assert await polls_kept(db) == []


async def test_old_update_keys_and_handled_inbox_rows_are_forgotten_and_recent_ones_kept(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await connect_slack(db, people)
    for key in ("Old", "New"):
        incoming = slack("U100", "T0ACME", "help", people.trainee.email, key=key)
        await services.inbox.accept(incoming)
        await services.inbox.process(incoming)
    async with db() as session:
        await session.execute(
            text("UPDATE chat_inbox SET handled_at = now() - interval '8 days' WHERE update_key = 'Old'")
        )
        await session.execute(
            text("UPDATE processed_updates SET processed_at = now() - interval '8 days' WHERE update_key = 'Old'")
        )
        await session.commit()

    assert await forget_old_records(PostgresUnitsOfWork(db)) == 2

    async with db() as session:
        inbox = list(await session.scalars(text("SELECT update_key FROM chat_inbox")))
        keys = list(await session.scalars(text("SELECT update_key FROM processed_updates")))
    assert inbox == ["New"]
    assert keys == ["New"]


async def test_garbage_with_nul_characters_is_stored_and_answered(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await connect_slack(db, people)
    incoming = slack("U100", "T0ACME", "he\x00lp", people.trainee.email, key="EvNul")

    assert await services.inbox.accept(incoming) is True
    replies = await services.inbox.process(incoming)

    assert "What I can do" in replies[-1].text
