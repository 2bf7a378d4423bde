"""Identity linking: invite codes, the sender's own contact, Slack email, the console's --as, and strangers."""

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat import texts
from adapters.chat.backend import ChatAddress, Sent
from bot.bootstrap import Services
from domain.actor import DEACTIVATED
from domain.models import ChatIdentity, Invite, SlackWorkspace
from domain.models.enums import ChatPlatform
from domain.replies import Reply
from tests.integration.chat.conftest import People
from tests.integration.chat.helpers import console, slack, telegram
from tests.support import factories


async def make_invite(db: async_sessionmaker[AsyncSession], people: People, code: str, *, days: int = 7) -> None:
    async with db() as session:
        session.add(
            Invite(
                code=code,
                organization_id=people.org.id,
                user_id=people.trainee.id,
                expires_at=datetime.now(UTC) + timedelta(days=days),
            )
        )
        await session.commit()


async def identities(db: async_sessionmaker[AsyncSession]) -> list[tuple[str, str, uuid.UUID]]:
    async with db() as session:
        rows = await session.execute(select(ChatIdentity.platform, ChatIdentity.platform_user_id, ChatIdentity.user_id))
        return [(platform, user, linked) for platform, user, linked in rows]


async def test_a_telegram_invite_link_links_the_account_and_can_be_used_once(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await make_invite(db, people, "Zm9vYmFyYmF6cXV4")

    welcome = await services.chat.handle(telegram("1001", "/start Zm9vYmFyYmF6cXV4"))

    assert len(welcome) == 1
    assert welcome[0].text.startswith("Welcome to LearnBot, Tom! Your Telegram account is now linked.")
    assert await identities(db) == [("telegram", "1001", people.trainee.id)]
    help_text = (await services.chat.handle(telegram("1001", "help")))[0].text
    assert "What I can do" in help_text
    stranger = await services.chat.handle(telegram("2002", "/start Zm9vYmFyYmF6cXV4"))
    assert [reply.text for reply in stranger] == [texts.INVITE_INVALID]
    async with db() as session:
        audited = await session.scalar(
            text("SELECT count(*) FROM audit_logs WHERE action = 'chat_identity.linked' AND user_id = :u"),
            {"u": people.trainee.id},
        )
    assert audited == 1


async def test_an_expired_or_unknown_invite_links_nobody(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await make_invite(db, people, "ZXhwaXJlZGNvZGUx", days=-1)

    for code in ("ZXhwaXJlZGNvZGUx", "bm9zdWNoY29kZQ"):
        replies = await services.chat.handle(telegram("1001", f"/start {code}"))
        assert [reply.text for reply in replies] == [texts.INVITE_INVALID]
    assert await identities(db) == []


async def test_a_shared_contact_links_when_it_matches_a_phone_in_any_format(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    replies = await services.chat.handle(telegram("1001", contact_phone="491701234567"))
    again = await services.chat.handle(telegram("1001", contact_phone="491701234567"))

    assert replies[0].text.startswith("Welcome to LearnBot, Tom!")
    assert [reply.text for reply in again] == [texts.ALREADY_LINKED]
    assert await identities(db) == [("telegram", "1001", people.trainee.id)]


async def test_a_nationally_written_phone_matches_the_international_contact(
    services: Services, db: async_sessionmaker[AsyncSession]
) -> None:
    async with db() as session:
        org = await factories.organization(session)
        nina = await factories.user(session, org, first_name="Nina", phone="0170 765 4321")
        await session.commit()

    await services.chat.handle(telegram("3003", contact_phone="+49 170 7654321"))

    assert await identities(db) == [("telegram", "3003", nina.id)]


async def test_a_contact_matching_two_people_or_nobody_links_no_one(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    async with db() as session:
        await factories.user(session, people.org, phone="+49 170 1234567")  # the same number as Tom's
        await session.commit()

    for phone in ("+49 170 1234567", "+1 555 0199", "123"):
        replies = await services.chat.handle(telegram("1001", contact_phone=phone))
        assert [reply.text for reply in replies] == [texts.NOT_REGISTERED]
    assert await identities(db) == []


async def test_an_unknown_person_gets_the_not_registered_message_and_nothing_else(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    for incoming in (
        telegram("9999", "courses"),
        telegram("9999", "/start"),
        telegram("9999", "x" * 5000),
        slack("U999", "TNOTCONNECTED", "help", people.trainee.email),
        console("nobody@nowhere.example", "help"),
    ):
        assert [reply.text for reply in await services.chat.handle(incoming)] == [texts.NOT_REGISTERED]
    assert await identities(db) == []


async def test_slack_members_of_a_connected_workspace_are_linked_by_email_and_their_command_runs(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    async with db() as session:
        session.add(SlackWorkspace(team_id="T0ACME", organization_id=people.org.id))
        await session.commit()

    replies = await services.chat.handle(slack("U100", "T0ACME", "help", people.trainee.email.upper()))

    assert replies[0].text.startswith("Welcome to LearnBot, Tom! Your Slack account is now linked.")
    assert "What I can do" in replies[1].text
    assert await identities(db) == [("slack", "U100", people.trainee.id)]


async def test_slack_email_of_another_organization_links_no_one(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    async with db() as session:
        other = await factories.organization(session)
        session.add(SlackWorkspace(team_id="T0OTHER", organization_id=other.id))
        await session.commit()

    replies = await services.chat.handle(slack("U100", "T0OTHER", "help", people.trainee.email))

    assert [reply.text for reply in replies] == [texts.NOT_REGISTERED]
    assert await identities(db) == []


async def test_the_console_links_by_the_email_given_with_as(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    replies = await services.chat.handle(console(people.trainee.email, "help"))

    assert "What I can do" in replies[0].text
    assert await identities(db) == [("console", people.trainee.email, people.trainee.id)]


async def test_a_deactivated_person_is_told_so_and_cannot_act(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await services.chat.handle(console(people.trainee.email, "help"))
    async with db() as session:
        await session.execute(text("UPDATE users SET is_active = false WHERE id = :id"), {"id": people.trainee.id})
        await session.commit()

    replies = await services.chat.handle(console(people.trainee.email, "help"))

    assert [reply.text for reply in replies] == [DEACTIVATED]
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(ChatIdentity)) == 1


async def test_a_redelivered_start_links_once_and_answers_once(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await make_invite(db, people, "cmVkZWxpdmVyZWQx")

    first = await services.chat.handle(telegram("1001", "/start cmVkZWxpdmVyZWQx", key="500"))
    again = await services.chat.handle(telegram("1001", "/start cmVkZWxpdmVyZWQx", key="500"))

    assert len(first) == 1
    assert again == []
    assert await identities(db) == [("telegram", "1001", people.trainee.id)]


async def test_linking_by_invite_claims_its_update_in_the_same_transaction(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await make_invite(db, people, "c2FtZXRyYW5zYWN0")

    await services.chat.handle(telegram("1001", "/start c2FtZXRyYW5zYWN0", key="501"))

    # now() is the transaction's start: equal times mean one transaction, so no crash can separate the link
    # from the claim (a redelivery after a crash in between would be answered as a command).
    async with db() as session:
        linked_at = await session.scalar(text("SELECT created_at FROM chat_identities WHERE platform_user_id = '1001'"))
        claimed_at = await session.scalar(text("SELECT processed_at FROM processed_updates WHERE update_key = '501'"))
    assert linked_at is not None
    assert linked_at == claimed_at
    assert await services.chat.handle(telegram("1001", "/start c2FtZXRyYW5zYWN0", key="501")) == []


class RecordingBackend:
    """A ChatBackend fake that records what it is asked to send."""

    def __init__(self, platform: ChatPlatform) -> None:
        self.platform = platform
        self.sent: list[tuple[ChatAddress, list[str]]] = []

    async def send(self, to: ChatAddress, replies: Sequence[Reply]) -> Sent:
        self.sent.append((to, [reply.text for reply in replies]))
        return Sent([str(len(self.sent))])


async def test_a_person_is_told_on_their_other_accounts_when_a_new_one_is_linked(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    slack_side = RecordingBackend(ChatPlatform.SLACK)
    services.chat.new_device_notices.backends[ChatPlatform.SLACK] = slack_side
    async with db() as session:
        session.add(
            ChatIdentity(
                organization_id=people.org.id,
                user_id=people.trainee.id,
                platform="slack",
                workspace_id="T1",
                platform_user_id="U7",
                dm_chat_id="D7",
            )
        )
        await session.commit()

    linking = replace(telegram("1001", contact_phone="491701234567"), display_name="*Mal* _lory_")
    await services.chat.handle(linking)
    await services.chat.new_device_notices.drain()

    [(to, [notice])] = slack_side.sent
    assert (to.platform, to.workspace_id, to.platform_user_id, to.chat_id) == (ChatPlatform.SLACK, "T1", "U7", "D7")
    assert notice == texts.NEW_DEVICE_LINKED.format(platform="Telegram", account=r" (\*Mal\* \_lory\_)")
    # A first link tells nobody; the new account itself only gets its welcome.
    await services.chat.handle(telegram("1001", "help"))
    await services.chat.new_device_notices.drain()
    assert len(slack_side.sent) == 1
