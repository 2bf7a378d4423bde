"""Fakes of the conversation layer's port and the served web app, shared by the Telegram and Slack e2e harnesses."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.chat.incoming import Incoming
from domain.replies import Reply


class RecordingChat:
    """A ChatHandler fake: records what it is asked; answers from `answers` (by text, action or poll vote), else
    echoes. `failing` makes it crash; a `gate` holds every answer until it is set."""

    def __init__(self) -> None:
        self.received: list[Incoming] = []
        self.answers: dict[str, list[Reply]] = {}
        self.failing = False
        self.gate: asyncio.Event | None = None

    async def handle(self, incoming: Incoming) -> list[Reply]:
        self.received.append(incoming)
        if self.failing:
            raise RuntimeError("the conversation layer crashed")
        if self.gate is not None:
            await self.gate.wait()
        if incoming.poll_id is not None:
            said = f"vote {incoming.poll_option} in poll {incoming.poll_id}"
        else:
            said = incoming.text if incoming.text is not None else incoming.action or ""
        return self.answers.get(said, [Reply(text=f"You said: {said}")])


@asynccontextmanager
async def served(app: web.Application) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    """The app served on 127.0.0.1 with a random port, and a client for it."""
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()
