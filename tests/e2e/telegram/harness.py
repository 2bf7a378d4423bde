"""The Telegram adapter served by a real aiohttp app with real PTB, driven by Update JSON; Telegram is a fake.

RecordingChat (tests/support/chat_fakes.py) and MemoryPolls are fakes of the ports the adapter calls (the
conversation layer and the poll store), for the tests of the adapter itself; the journey tests use the real ones.
"""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient

from adapters.chat.incoming import ChatHandler
from adapters.telegram.backend import TelegramBackend
from adapters.telegram.config import TelegramConfig
from adapters.telegram.polls import PollBook, SentPoll
from adapters.telegram.processing import EncoderFor, unencoded
from adapters.telegram.setup import setup_telegram
from adapters.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from bot.settings import Settings, TelegramSettings
from tests.support.chat_fakes import RecordingChat as RecordingChat
from tests.support.chat_fakes import served as served_app
from tests.support.fake_telegram import TOKEN, FakeTelegram

SECRET = "s3cret_Token-42"
PUBLIC_WEBHOOK = "https://learnbot.example/telegram/webhook"


class MemoryPolls:
    """A PollBook fake kept in a list."""

    def __init__(self) -> None:
        self.sent: list[SentPoll] = []

    async def remember(self, poll: SentPoll) -> None:
        self.sent.append(poll)


class TelegramHarness:
    def __init__(self, client: TestClient[web.Request, web.Application], fake: FakeTelegram) -> None:
        self.client = client
        self.fake = fake

    async def post(self, update: dict[str, Any], secret: str | None = SECRET) -> ClientResponse:
        """Post as Telegram does, and perform the request the webhook answers with, as Telegram does."""
        headers = {"Content-Type": "application/json"} | ({SECRET_HEADER: secret} if secret is not None else {})
        response = await self.client.post(WEBHOOK_PATH, data=json.dumps(update), headers=headers)
        if response.status == 200 and response.content_type == "application/json":
            await self.fake.answer_to_webhook(await response.json())
        return response

    async def deliver(self, update: dict[str, Any]) -> None:
        """Post as Telegram does and expect the update taken."""
        response = await self.post(update)
        assert response.status == 200, await response.text()


def telegram_config(fake: FakeTelegram, *, webhook: bool = True) -> TelegramConfig:
    return TelegramConfig(TOKEN, fake.api_url, PUBLIC_WEBHOOK if webhook else None, SECRET)


def telegram_settings(fake: FakeTelegram, *, webhook: bool = True) -> Settings:
    telegram = TelegramSettings(
        bot_token=TOKEN,
        webhook_secret=SECRET,
        webhook_url=PUBLIC_WEBHOOK if webhook else None,
        api_url=fake.api_url,
    )
    return Settings(telegram=telegram)


@asynccontextmanager
async def serving(
    fake: FakeTelegram,
    chat: ChatHandler,
    polls: PollBook,
    *,
    encoder_for: EncoderFor = unencoded,
    webhook: bool = True,
) -> AsyncIterator[TelegramHarness]:
    """An aiohttp app with a TelegramBackend on these ports, served on 127.0.0.1 with a random port."""
    backend = TelegramBackend(telegram_config(fake, webhook=webhook), chat, polls, encoder_for)
    async with serving_backend(backend, fake) as harness:
        yield harness


@asynccontextmanager
async def serving_backend(backend: TelegramBackend, fake: FakeTelegram) -> AsyncIterator[TelegramHarness]:
    """An aiohttp app with setup_telegram of this backend (e.g. the one bot.bootstrap built)."""
    app = web.Application()
    setup_telegram(app, backend)
    async with served(app, fake) as harness:
        yield harness


@asynccontextmanager
async def served(app: web.Application, fake: FakeTelegram) -> AsyncIterator[TelegramHarness]:
    """Any app (e.g. bot.web.create_app's) served on 127.0.0.1 with a random port."""
    async with served_app(app) as client:
        yield TelegramHarness(client, fake)
