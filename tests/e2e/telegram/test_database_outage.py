"""The database unreachable: a webhook update is handed back (503) so Telegram delivers it again; a polled
one, which Telegram will not deliver again, is answered with a request to try again."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from adapters.chat import texts
from adapters.chat.incoming import ChatHandler
from bot.bootstrap import build_services
from bot.database import create_engine, create_sessionmaker
from bot.settings import Settings
from tests.e2e.telegram.harness import MemoryPolls, serving
from tests.support.fake_telegram import FakeTelegram, Person, callback_update, message_update

TESS = Person(501)


@pytest.fixture
async def chat_without_database(tmp_path: Path) -> AsyncIterator[ChatHandler]:
    engine = create_engine(make_url("postgresql+asyncpg://learnbot@127.0.0.1:1/learnbot"))
    yield build_services(Settings(data_dir=tmp_path), create_sessionmaker(engine)).chat
    await engine.dispose()


async def test_the_webhook_hands_the_update_back_for_telegram_to_deliver_again(
    fake_telegram: FakeTelegram, chat_without_database: ChatHandler
) -> None:
    async with serving(fake_telegram, chat_without_database, MemoryPolls()) as telegram:
        response = await telegram.post(message_update(TESS, "/courses"))
        assert response.status == 503
        message = {"message_id": 1, "date": 0, "chat": TESS.private_chat(), "text": "Menu"}
        pressed = await telegram.post(callback_update(TESS, message, "next"))
        assert pressed.status == 503
    assert fake_telegram.calls_to("sendMessage") == []
    assert len(fake_telegram.calls_to("answerCallbackQuery")) == 1  # the button stops spinning all the same


async def test_a_polled_update_is_answered_with_a_request_to_try_again(
    fake_telegram: FakeTelegram, chat_without_database: ChatHandler
) -> None:
    async with serving(fake_telegram, chat_without_database, MemoryPolls(), webhook=False):
        fake_telegram.queue_update(message_update(TESS, "/courses"))
        await fake_telegram.wait_for("sendMessage")
    assert fake_telegram.texts_to(TESS.id) == [texts.DATABASE_UNAVAILABLE]
