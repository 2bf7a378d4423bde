"""The Slack adapter served by a real aiohttp app, driven by signed requests; Slack's side is a FakeSlack.

RecordingChat (tests/support/chat_fakes.py) and MemoryInbox are fakes of the two ports the adapter calls (the
conversation layer and its inbox), for the tests of the adapter itself; the journey tests use the real ones.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient

from adapters.chat.inbox import Inbox
from adapters.chat.incoming import ChatHandler, Incoming
from adapters.slack.backend import SlackBackend
from adapters.slack.config import SlackConfig
from adapters.slack.send import EncoderFor, unencoded
from adapters.slack.setup import SLACK, setup_slack
from bot.settings import Settings, SlackSettings
from domain.replies import Reply
from tests.support.chat_fakes import RecordingChat as RecordingChat
from tests.support.chat_fakes import served
from tests.support.fake_slack import FakeSlack, SignedRequest, SlackSigner

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"


class MemoryInbox:
    """An Inbox fake: accepts each update key once, and can be made to fail like a database that is down."""

    def __init__(self, chat: ChatHandler) -> None:
        self.chat = chat
        self.processed: list[Incoming] = []
        self.accepted: list[Incoming] = []
        self.down = False
        self.delay = 0.0

    async def accept(self, incoming: Incoming) -> bool:
        await asyncio.sleep(self.delay)
        if self.down:
            raise ConnectionError("the database is down")
        if incoming.update_key is not None and any(seen.update_key == incoming.update_key for seen in self.accepted):
            return False
        self.accepted.append(incoming)
        return True

    async def process(self, incoming: Incoming) -> list[Reply]:
        replies = await self.chat.handle(incoming)
        self.processed.append(incoming)
        return replies


class SlackHarness:
    def __init__(self, client: TestClient[web.Request, web.Application], fake: FakeSlack) -> None:
        self.client = client
        self.fake = fake
        self.signer = SlackSigner(SIGNING_SECRET)

    @property
    def app(self) -> web.Application:
        return self.client.app

    async def post(self, request: SignedRequest, extra_headers: dict[str, str] | None = None) -> ClientResponse:
        headers = request.headers | (extra_headers or {})
        return await self.client.post("/slack/events", data=request.body.encode(), headers=headers)

    async def settle(self) -> None:
        """Waits until the work started after the acks is done."""
        await self.app[SLACK].after_ack.drain()


def slack_config(fake: FakeSlack, *, socket_mode: bool = False) -> SlackConfig:
    return SlackConfig(BOT_TOKEN, SIGNING_SECRET, APP_TOKEN if socket_mode else None, fake.api_url)


def slack_settings(fake: FakeSlack, *, socket_mode: bool = False) -> Settings:
    slack = SlackSettings(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        app_token=APP_TOKEN if socket_mode else None,
        api_url=fake.api_url,
    )
    return Settings(slack=slack)


@asynccontextmanager
async def serving(
    fake: FakeSlack,
    chat: ChatHandler,
    inbox: Inbox,
    *,
    encoder_for: EncoderFor = unencoded,
    socket_mode: bool = False,
    configure: Callable[[web.Application], Any] | None = None,
) -> AsyncIterator[SlackHarness]:
    """An aiohttp app with a SlackBackend on these ports, served on 127.0.0.1 with a random port."""
    backend = SlackBackend(slack_config(fake, socket_mode=socket_mode), chat, inbox, encoder_for)
    async with serving_backend(backend, fake, configure=configure) as harness:
        yield harness


@asynccontextmanager
async def serving_backend(
    backend: SlackBackend, fake: FakeSlack, *, configure: Callable[[web.Application], Any] | None = None
) -> AsyncIterator[SlackHarness]:
    """An aiohttp app with setup_slack of this backend (e.g. the one bot.bootstrap built)."""
    app = web.Application()
    setup_slack(app, backend)
    if configure is not None:
        configure(app)
    async with served(app) as client:
        yield SlackHarness(client, fake)
