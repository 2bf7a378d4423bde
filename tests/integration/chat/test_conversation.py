"""The chat service: redelivered updates, poll votes, pending free-text prompts, oversized text, buttons, errors."""

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat import texts
from adapters.chat.codec import EXPIRES_AFTER_DAYS, ActionCodec, today
from adapters.chat.grammar import Phrase, ShowHelp, core_grammar
from adapters.chat.help import help_handler
from adapters.chat.incoming import Incoming
from adapters.chat.polls import TelegramPolls
from adapters.chat.service import ChatService
from bot.bootstrap import Services
from domain.messagebus import Command, Context, Handler, MessageBus
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitOfWork, PostgresUnitsOfWork
from tests.integration.chat.conftest import People
from tests.integration.chat.helpers import console, telegram


class AskName(Command):
    pass


class SaveName(Command):
    name: str


class Explode(Command):
    pass


async def ask_name(ctx: Context, command: AskName) -> list[Reply]:
    """Ask for free text."""
    return [Reply(text="What is your name?", text_action="name ")]


async def save_name(ctx: Context, command: SaveName) -> list[Reply]:
    """An effect that leaves a trace."""
    ctx.uow.record("test.named", "user", ctx.actor.user_id, after={"name": command.name})
    return [Reply(text=f"Hello {command.name}")]


async def explode(ctx: Context, command: Explode) -> list[Reply]:
    """A bug."""
    raise RuntimeError("boom")


@pytest.fixture
def chat(db: async_sessionmaker[AsyncSession], tmp_path: Path) -> ChatService:
    """The chat service over a small test area: `ask` prompts for text that `name TEXT` saves."""
    grammar = core_grammar()
    grammar.add(Phrase(("ask",), AskName, lambda words: AskName(), "ask", "ask my name"))
    grammar.add(Phrase(("name",), SaveName, lambda w: SaveName(name=w.rest_after(0)), "name TEXT", "save it"))
    grammar.add(Phrase(("explode",), Explode, lambda words: Explode(), "explode", "fail"))
    handlers: dict[type[Command], Handler] = {
        AskName: ask_name,
        SaveName: save_name,
        Explode: explode,
        ShowHelp: help_handler(grammar),
    }
    return ChatService(
        MessageBus(PostgresUnitsOfWork(db), handlers), grammar, ActionCodec(b"0123456789abcdef0123456789abcdef")
    )


async def names(db: async_sessionmaker[AsyncSession]) -> list[str]:
    async with db() as session:
        rows = await session.scalars(
            text("SELECT changes -> 'after' ->> 'name' FROM audit_logs WHERE action = 'test.named' ORDER BY id")
        )
        return list(rows)


def not_understood(typed: str) -> str:
    return texts.NOT_UNDERSTOOD.format(typed=typed) + texts.SEE_HELP


def texts_of(replies: list[Reply]) -> list[str]:
    return [reply.text for reply in replies]


async def test_the_next_free_text_answers_a_pending_prompt_once(
    chat: ChatService, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    me = people.trainee.email
    assert texts_of(await chat.handle(console(me, "ask"))) == ["What is your name?"]
    assert texts_of(await chat.handle(console(me, "Ada  Lovelace"))) == ["Hello Ada  Lovelace"]
    assert texts_of(await chat.handle(console(me, "Grace Hopper"))) == [not_understood("Grace Hopper")]
    assert await names(db) == ["Ada  Lovelace"]


async def test_any_command_clears_a_pending_prompt(
    chat: ChatService, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    me = people.trainee.email
    await chat.handle(console(me, "ask"))
    assert "What I can do" in (await chat.handle(console(me, "help")))[0].text
    assert texts_of(await chat.handle(console(me, "Ada"))) == [not_understood("Ada")]
    assert await names(db) == []


async def test_text_that_looks_like_a_command_but_is_not_one_answers_the_prompt(
    chat: ChatService, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    me = people.trainee.email
    await chat.handle(console(me, "ask"))
    assert texts_of(await chat.handle(console(me, "help me out"))) == ["Hello help me out"]


async def test_a_redelivered_update_has_no_second_effect_and_no_second_reply(
    chat: ChatService, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    async with db() as session:
        await session.execute(
            text(
                "INSERT INTO chat_identities (organization_id, user_id, platform, platform_user_id) "
                "VALUES (:org, :user, 'telegram', '1001')"
            ),
            {"org": people.org.id, "user": people.trainee.id},
        )
        await session.commit()

    assert texts_of(await chat.handle(telegram("1001", "ask", key="10"))) == ["What is your name?"]
    assert texts_of(await chat.handle(telegram("1001", "Ada", key="11"))) == ["Hello Ada"]
    assert await chat.handle(telegram("1001", "Ada", key="11")) == []
    assert await chat.handle(telegram("1001", "ask", key="10")) == []
    # The redelivered prompt did not come back: the next text is free text again.
    assert texts_of(await chat.handle(telegram("1001", "Grace", key="12"))) == [not_understood("Grace")]
    assert await names(db) == ["Ada"]


async def test_oversized_text_is_refused_politely_and_does_nothing(
    chat: ChatService, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    me = people.trainee.email
    await chat.handle(console(me, "ask"))
    replies = await chat.handle(console(me, "x" * 4001))
    assert texts_of(replies) == [texts.TOO_LONG.format(length=4001, limit=4000)]
    assert "4,001 characters" in replies[0].text
    assert await names(db) == []
    assert texts_of(await chat.handle(console(me, "x" * 4000))) == [f"Hello {'x' * 4000}"]


async def test_a_pressed_button_runs_its_action_only_for_its_owner(
    chat: ChatService, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    mine = chat.codec.encode("name Ada", for_user=people.trainee.email)
    admin = people.admin.email
    await chat.handle(console(admin, "help"))
    assert texts_of(await chat.handle(console(admin, action=mine))) == [texts.BUTTON_REFUSED]
    assert texts_of(await chat.handle(console(admin, action="name Mallory"))) == [texts.BUTTON_REFUSED]
    assert texts_of(await chat.handle(console(people.trainee.email, action=mine))) == ["Hello Ada"]
    assert await names(db) == ["Ada"]


async def test_an_expired_button_acts_no_more_and_offers_the_everyday_choices(
    chat: ChatService, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    me = people.trainee.email
    issued_long_ago = ActionCodec(b"0123456789abcdef0123456789abcdef", clock=lambda: today() - EXPIRES_AFTER_DAYS - 1)
    old = issued_long_ago.encode("name Ada", for_user=me)
    (reply,) = await chat.handle(console(me, action=old))
    assert reply.text == texts.BUTTON_EXPIRED
    assert await names(db) == []
    recent = ActionCodec(b"0123456789abcdef0123456789abcdef", clock=lambda: today() - EXPIRES_AFTER_DAYS)
    assert texts_of(await chat.handle(console(me, action=recent.encode("name Ada", for_user=me)))) == ["Hello Ada"]


async def test_unknown_commands_and_free_text_get_one_answer_with_the_help_button(
    chat: ChatService, people: People
) -> None:
    me = people.trainee.email
    (unknown,) = await chat.handle(console(me, "/frobnicate now"))
    assert unknown.text == not_understood("/frobnicate now")
    assert [button.action for button in unknown.buttons] == ["help"]
    assert texts_of(await chat.handle(console(me, "what is this?"))) == [not_understood("what is this?")]
    assert texts_of(await chat.handle(console(me, "   "))) == [texts.EMPTY]


async def test_an_unknown_command_suggests_the_closest_command_with_a_button_when_it_needs_nothing_more(
    chat: ChatService, people: People
) -> None:
    (reply,) = await chat.handle(console(people.trainee.email, "hlep"))
    assert reply.text == texts.NOT_UNDERSTOOD.format(typed="hlep") + texts.DID_YOU_MEAN.format(word="help") + (
        texts.SEE_HELP
    )
    assert [button.action for button in reply.buttons] == ["help", "help"]
    (typo,) = await chat.handle(console(people.trainee.email, "nmae Ada"))
    assert texts.DID_YOU_MEAN.format(word="name") in typo.text
    assert [button.action for button in typo.buttons] == ["help"]  # name needs more: no button for it


async def test_a_usage_mistake_is_answered_with_the_usage(chat: ChatService, people: People) -> None:
    assert texts_of(await chat.handle(console(people.trainee.email, "name"))) == ["Usage: `name TEXT`"]


async def test_a_bug_in_a_handler_is_logged_and_answered_with_an_apology(
    chat: ChatService, people: People, caplog: pytest.LogCaptureFixture
) -> None:
    replies = await chat.handle(console(people.trainee.email, "explode"))
    assert texts_of(replies) == [texts.SOMETHING_WENT_WRONG]
    assert "boom" in caplog.text


async def test_staff_commands_run_through_the_real_engine_with_its_permission_checks(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    refused = await services.chat.handle(console(people.trainee.email, "department OPS Operations"))
    assert texts_of(refused) == ["Only admins can manage departments."]
    done = await services.chat.handle(console(people.admin.email, "department OPS Operations"))
    assert texts_of(done) == ["Department OPS: created."]


async def link_telegram(db: async_sessionmaker[AsyncSession], people: People, user: str = "1001") -> None:
    async with db() as session:
        await session.execute(
            text(
                "INSERT INTO chat_identities (organization_id, user_id, platform, platform_user_id) "
                "VALUES (:org, :user, 'telegram', :platform_user)"
            ),
            {"org": people.org.id, "user": people.trainee.id, "platform_user": user},
        )
        await session.commit()


async def test_a_linked_senders_update_is_one_transaction_opened_by_the_statement_that_finds_them(
    chat: ChatService, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await link_telegram(db, people)
    engine = db.kw["bind"].sync_engine
    statements: list[str] = []
    commits: list[object] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    def committed(conn: object) -> None:
        commits.append(conn)

    event.listen(engine, "before_cursor_execute", seen)
    event.listen(engine, "commit", committed)
    try:
        assert texts_of(await chat.handle(telegram("1001", "name Ada", key="20"))) == ["Hello Ada"]
    finally:
        event.remove(engine, "before_cursor_execute", seen)
        event.remove(engine, "commit", committed)
    assert "find_chat_sender" in statements[0]
    assert "processed_updates" in statements[0]
    assert not any("processed_updates" in statement for statement in statements[1:])
    assert len(commits) == 1
    assert await names(db) == ["Ada"]
    assert await chat.handle(telegram("1001", "name Ada", key="20")) == []


async def test_a_refused_command_of_a_linked_sender_changes_nothing_and_is_answered_once(
    services: Services, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await link_telegram(db, people)
    refused = await services.chat.handle(telegram("1001", "department OPS Operations", key="30"))
    assert texts_of(refused) == ["Only admins can manage departments."]
    assert await services.chat.handle(telegram("1001", "department OPS Operations", key="30")) == []
    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM departments WHERE code = 'OPS'")) == 0


async def test_a_tenant_transaction_plans_prepared_statements_generically(
    db: async_sessionmaker[AsyncSession], people: People
) -> None:
    async with PostgresUnitOfWork(db, organization_id=people.org.id) as uow:
        assert await uow.session.scalar(text("SHOW plan_cache_mode")) == "force_generic_plan"
    async with db() as session:
        assert await session.scalar(text("SHOW plan_cache_mode")) == "auto"


def vote(user: str, poll_id: str, option: int, key: str) -> Incoming:
    return replace(telegram(user, key=key), poll_id=poll_id, poll_option=option)


async def test_a_poll_vote_runs_the_chosen_options_action_once_and_only_for_its_recipient(
    chat: ChatService, people: People, db: async_sessionmaker[AsyncSession]
) -> None:
    await link_telegram(db, people, "1001")
    async with db() as session:
        await session.execute(
            text(
                "INSERT INTO chat_identities (organization_id, user_id, platform, platform_user_id) "
                "VALUES (:org, :user, 'telegram', '2002')"
            ),
            {"org": people.org.id, "user": people.admin.id},
        )
        await session.commit()

    class Sent:
        poll_id, platform_user_id, chat_id, message_id, answer_action = "P1", "1001", "1001", 5, "name Option "

    await TelegramPolls(db).remember(Sent())

    # Someone the poll was not sent to (it was forwarded to them) answers nothing in its recipient's name.
    assert await chat.handle(vote("2002", "P1", 1, key="40")) == []
    assert await chat.handle(vote("1001", "unknown", 1, key="41")) == []
    assert texts_of(await chat.handle(vote("1001", "P1", 2, key="42"))) == ["Hello Option 2"]
    assert await chat.handle(vote("1001", "P1", 2, key="42")) == []
    assert await names(db) == ["Option 2"]
