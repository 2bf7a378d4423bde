"""The durable inbox (accept before ack, process, sweep what a crash stranded) and Telegram poll answers."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.housekeeping import forget_old_records
from adapters.chat.incoming import Incoming
from adapters.chat.polls import PollRecord, TelegramPolls, find_poll
from bot.bootstrap import Services
from domain.models import ChatIdentity
from domain.models.enums import ChatPlatform
from domain.replies import Reply
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
    delivered: list[tuple[Incoming, list[Reply]]] = []

    async def deliver(incoming: Incoming, replies: list[Reply]) -> None:
        delivered.append((incoming, replies))

    services.inbox.deliver_with(ChatPlatform.SLACK, deliver)

    assert await services.inbox.sweep() == 1
    assert await services.inbox.sweep() == 0
    assert [incoming for incoming, _ in delivered] == [stranded]
    assert "What I can do" in delivered[0][1][-1].text
    assert await handled_at(db, "Ev02") is not None
    assert await handled_at(db, "Ev03") is None
    assert await identities(db) == [("slack", "U100", people.trainee.id)]


async def test_a_poll_answer_becomes_the_voters_answer_action(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    async with db() as session:
        session.add(
            ChatIdentity(
                organization_id=people.org.id, user_id=people.trainee.id, platform="telegram", platform_user_id="1001"
            )
        )
        await session.commit()
    polls = TelegramPolls(db, services.codec)

    class Sent:
        poll_id = "5432109876"
        platform_user_id = "1001"
        chat_id = "1001"
        message_id = 77
        answer_action = "answer PyqKHntNTo-aaxwtPk9aaw 3 "

    await polls.remember(Sent())
    await polls.remember(Sent())  # a second time changes nothing

    assert await find_poll(db, "5432109876") == PollRecord(
        "5432109876", people.org.id, people.trainee.id, "1001", 77, "answer PyqKHntNTo-aaxwtPk9aaw 3 "
    )
    incoming = await polls.answer(update_key="900", poll_id="5432109876", voter_id="1001", option_ids=[2])
    assert incoming is not None
    assert (incoming.platform, incoming.chat_id, incoming.update_key) == (ChatPlatform.TELEGRAM, "1001", "900")
    assert incoming.action is not None
    assert services.codec.decode(incoming.action, pressed_by="1001") == "answer PyqKHntNTo-aaxwtPk9aaw 3 2"
    assert await polls.answer(update_key="901", poll_id="5432109876", voter_id="1001", option_ids=[]) is None
    assert await polls.answer(update_key="902", poll_id="unknown", voter_id="1001", option_ids=[0]) is None


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

    assert await forget_old_records(db) == 2

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
