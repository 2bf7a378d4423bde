"""The Telegram adapter over the real conversation layer (bot.bootstrap) and PostgreSQL."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat import texts as chat_texts
from bot.bootstrap import Services, build_services
from bot.settings import Settings
from domain.models import Department, Invite, Organization, User
from tests.e2e.telegram.harness import TelegramHarness, serving_backend, telegram_settings
from tests.support import factories
from tests.support.fake_telegram import FakeTelegram, Person, callback_update, contact_update, message_update

TESS = Person(601, "Tess", "Trainee")
ADA = Person(602, "Ada", "Admin")
STRANGER = Person(603, "Sam", "Stranger")


@pytest.fixture
def services(db: async_sessionmaker[AsyncSession], fake_telegram: FakeTelegram, tmp_path: Path) -> Services:
    return build_services(Settings(data_dir=tmp_path, telegram=telegram_settings(fake_telegram).telegram), db)


@pytest.fixture
async def live(fake_telegram: FakeTelegram, services: Services) -> AsyncIterator[TelegramHarness]:
    assert services.telegram is not None
    async with serving_backend(services.telegram, fake_telegram) as harness:
        yield harness


async def invite(db: async_sessionmaker[AsyncSession], user: User, code: str) -> None:
    async with db() as session:
        expires = datetime.now(UTC) + timedelta(days=1)
        session.add(Invite(code=code, organization_id=user.organization_id, user_id=user.id, expires_at=expires))
        await session.commit()


async def people(db: async_sessionmaker[AsyncSession]) -> tuple[Organization, User, User]:
    async with db() as session:
        org = await factories.organization(session)
        admin = await factories.user(session, org, "admin", first_name="Ada")
        trainee = await factories.user(session, org, "trainee", first_name="Tess")
        await session.commit()
    return org, admin, trainee


async def test_a_trainee_links_with_start_and_an_invite_code_which_works_once(
    live: TelegramHarness, db: async_sessionmaker[AsyncSession]
) -> None:
    _, _, trainee = await people(db)
    await invite(db, trainee, "InviteTess123")
    await live.deliver(message_update(TESS, "/start InviteTess123"))
    assert live.fake.texts_to(TESS.id)[0].startswith("Welcome to LearnBot, Tess! Your Telegram account is now linked.")
    await live.deliver(message_update(STRANGER, "/start InviteTess123"))
    assert live.fake.texts_to(STRANGER.id) == [chat_texts.INVITE_INVALID.replace("*", "")]


async def test_someone_not_registered_is_told_so_and_nothing_else(live: TelegramHarness) -> None:
    await live.deliver(message_update(STRANGER, "/courses"))
    assert live.fake.texts_to(STRANGER.id) == [chat_texts.NOT_REGISTERED.replace("*", "")]


async def test_a_redelivered_update_has_one_effect(live: TelegramHarness, db: async_sessionmaker[AsyncSession]) -> None:
    org, admin, _ = await people(db)
    await invite(db, admin, "InviteAda456")
    await live.deliver(message_update(ADA, "/start InviteAda456"))
    update = message_update(ADA, "/department OPS Operations")
    await live.deliver(update)
    await live.deliver(update)
    await live.deliver(update)
    assert live.fake.texts_to(ADA.id)[1:] == ["Department OPS: created."]
    async with db() as session:
        departments = await session.scalar(select(func.count()).where(Department.organization_id == org.id))
        audited = await session.scalar(text("SELECT count(*) FROM audit_logs WHERE action = 'department.created'"))
    assert (departments, audited) == (1, 1)


async def test_a_button_made_for_one_person_is_refused_when_someone_else_presses_it(
    live: TelegramHarness, services: Services, db: async_sessionmaker[AsyncSession]
) -> None:
    _, admin, trainee = await people(db)
    await invite(db, trainee, "InviteTess789")
    await invite(db, admin, "InviteAda789")
    await live.deliver(message_update(TESS, "/start InviteTess789"))
    await live.deliver(message_update(ADA, "/start InviteAda789"))
    tess_button = services.codec.encode("help", for_user=str(TESS.id))
    message = {"message_id": 1, "date": 0, "chat": TESS.private_chat(), "text": "Menu"}

    await live.deliver(callback_update(ADA, message | {"chat": ADA.private_chat()}, tess_button))
    assert live.fake.texts_to(ADA.id)[-1] == chat_texts.BUTTON_REFUSED.replace("*", "")
    await live.deliver(callback_update(TESS, message, tess_button))
    assert live.fake.texts_to(TESS.id)[-1].startswith("What I can do")
    assert len(live.fake.calls_to("answerCallbackQuery")) == 2


async def test_callback_data_beyond_ascii_is_refused_as_a_button_not_answered_with_an_apology(
    live: TelegramHarness, db: async_sessionmaker[AsyncSession]
) -> None:
    _, _, trainee = await people(db)
    await invite(db, trainee, "InviteTess999")
    await live.deliver(message_update(TESS, "/start InviteTess999"))
    message = {"message_id": 1, "date": 0, "chat": TESS.private_chat(), "text": "Menu"}
    for data in ("é" * 40, "é" * 12 + "help"):
        await live.deliver(callback_update(TESS, message, data))
        assert live.fake.texts_to(TESS.id)[-1] == chat_texts.BUTTON_REFUSED.replace("*", "")


async def test_a_first_name_with_markup_is_shown_as_typed_not_as_bold_or_italic(
    live: TelegramHarness, db: async_sessionmaker[AsyncSession]
) -> None:
    async with db() as session:
        org = await factories.organization(session)
        marked = await factories.user(session, org, "trainee", first_name="*bold* _i_")
        await session.commit()
    await invite(db, marked, "InviteMarked1")
    await live.deliver(message_update(TESS, "/start InviteMarked1"))
    (welcome,) = live.fake.calls_to("sendMessage", TESS.id)
    assert "Welcome to LearnBot, *bold* _i_!" in welcome.params["text"]
    assert "<b>" not in welcome.params["text"].split("!")[0]
    assert "<i>" not in welcome.params["text"]


async def test_a_contact_of_someone_else_links_nobody_even_with_their_telegram_user_id(
    live: TelegramHarness, db: async_sessionmaker[AsyncSession]
) -> None:
    async with db() as session:
        org = await factories.organization(session)
        await factories.user(session, org, "trainee", first_name="Tess", phone="+49 170 5550101")
        await session.commit()
    for claimed in (TESS.id, None):
        await live.deliver(contact_update(STRANGER, "+49 170 5550101", contact_user_id=claimed))
    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM chat_identities")) == 0
    assert live.fake.texts_to(STRANGER.id) == [chat_texts.NOT_REGISTERED.replace("*", "")] * 2
    await live.deliver(contact_update(TESS, "+49 170 5550101", contact_user_id=TESS.id))
    assert live.fake.texts_to(TESS.id)[0].startswith("Welcome to LearnBot, Tess!")
