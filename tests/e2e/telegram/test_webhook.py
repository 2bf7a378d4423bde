"""The webhook's guard: the secret header, the body, and what Telegram sees at start-up."""

import json
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from adapters.telegram.backend import TelegramBackend
from adapters.telegram.config import TelegramConfig
from adapters.telegram.processing import unencoded
from adapters.telegram.setup import ALLOWED_UPDATES, TELEGRAM, setup_telegram
from adapters.telegram.webhook import MAX_BODY_BYTES, SECRET_HEADER, WEBHOOK_PATH
from bot.bootstrap import build_services, telegram_config
from bot.commands.serve import platform_setups
from bot.settings import Settings, TelegramSettings
from bot.web import create_app
from domain.models.enums import ChatPlatform
from tests.e2e.telegram.harness import PUBLIC_WEBHOOK, SECRET, MemoryPolls, RecordingChat, TelegramHarness
from tests.support.fake_telegram import TOKEN, FakeTelegram, Person, message_update

TESS = Person(501)


async def test_start_up_asks_who_the_bot_is_and_sets_the_webhook_with_the_secret(telegram: TelegramHarness) -> None:
    assert telegram.fake.calls_to("getMe")
    (set_webhook,) = telegram.fake.calls_to("setWebhook")
    assert set_webhook.params["url"] == PUBLIC_WEBHOOK
    assert set_webhook.params["secret_token"] == SECRET
    assert set_webhook.params["allowed_updates"] == ALLOWED_UPDATES


async def test_an_update_without_the_secret_header_is_refused_with_403(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    response = await telegram.post(message_update(TESS, "courses"), secret=None)
    assert response.status == 403
    assert chat.received == []


async def test_an_update_with_a_wrong_secret_is_refused_with_403(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    for wrong in ("wrong", SECRET + "x", SECRET[:-1], ""):
        response = await telegram.post(message_update(TESS, "courses"), secret=wrong)
        assert response.status == 403
    assert chat.received == []
    assert telegram.fake.calls_to("sendMessage") == []


async def test_a_body_that_is_not_json_is_refused_with_400(telegram: TelegramHarness, chat: RecordingChat) -> None:
    for body in (b"{not json", b"\xff\xfe", b"[1, 2]", b'{"no_update_id": 1}', b'{"update_id": 1, "message": 5}'):
        response = await telegram.client.post(WEBHOOK_PATH, data=body, headers={SECRET_HEADER: SECRET})
        assert response.status == 400, body
    assert chat.received == []


async def test_an_oversized_body_is_refused_with_413(telegram: TelegramHarness, chat: RecordingChat) -> None:
    update = message_update(TESS, "x" * (MAX_BODY_BYTES + 1))
    response = await telegram.post(update)
    assert response.status == 413
    assert chat.received == []


async def test_an_update_with_the_right_secret_is_handled_and_answered_with_200(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    await telegram.deliver(message_update(TESS, "/courses"))
    assert [incoming.text for incoming in chat.received] == ["/courses"]
    assert telegram.fake.texts_to(TESS.id) == ["You said: /courses"]


async def test_a_crash_in_the_conversation_layer_answers_500_so_telegram_delivers_again(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    chat.failing = True
    update = message_update(TESS, "courses")
    response = await telegram.post(update)
    assert response.status == 500
    chat.failing = False
    await telegram.deliver(update)
    assert telegram.fake.texts_to(TESS.id) == ["You said: courses"]


def test_without_a_bot_token_there_is_no_telegram_backend_and_no_webhook_route(tmp_path: Path) -> None:
    services = build_services(Settings(data_dir=tmp_path, telegram=TelegramSettings()), sessionmaker_of_nothing())
    app = create_app(services, platform_setups(services))
    assert services.telegram is None
    assert ChatPlatform.TELEGRAM not in services.backends
    assert TELEGRAM not in app
    assert not [route for route in app.router.routes() if route.resource and route.resource.canonical == WEBHOOK_PATH]


def sessionmaker_of_nothing() -> async_sessionmaker[AsyncSession]:
    """Nothing here reaches a database; the engine is never connected."""
    return async_sessionmaker(create_async_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none"))


@pytest.mark.parametrize(
    ("secret", "url", "complaint"),
    [
        (None, PUBLIC_WEBHOOK, "TELEGRAM_WEBHOOK_SECRET is required"),
        ("has spaces in it", PUBLIC_WEBHOOK, "TELEGRAM_WEBHOOK_SECRET must be"),
        ("x" * 257, None, "TELEGRAM_WEBHOOK_SECRET must be"),
    ],
)
def test_a_webhook_without_a_usable_secret_is_refused_at_start_up(
    secret: str | None, url: str | None, complaint: str
) -> None:
    settings = Settings(telegram=TelegramSettings(bot_token=TOKEN, webhook_secret=secret, webhook_url=url))
    with pytest.raises(ValueError, match=complaint):
        telegram_config(settings)


async def test_in_polling_mode_without_a_secret_the_webhook_route_refuses_everything(
    fake_telegram: FakeTelegram,
) -> None:
    chat = RecordingChat()
    app = web.Application()
    config = TelegramConfig(TOKEN, fake_telegram.api_url)
    setup_telegram(app, TelegramBackend(config, chat, MemoryPolls(), unencoded))
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        for secret in ("", "anything"):
            update = json.dumps(message_update(TESS, "hi"))
            response = await client.post(WEBHOOK_PATH, data=update, headers={SECRET_HEADER: secret})
            assert response.status == 403
    finally:
        await client.close()
    assert chat.received == []
