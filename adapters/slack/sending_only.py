"""Slack for sending only (a `learnbot worker`): the web app that would make the Web API client's session is not
running, and without one slack_sdk opens a new connection for every post. This gives the sending client one
pooled session, so each delivery reuses a kept-alive connection: the post leaves at once after its attempt is
recorded."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp

from adapters.slack.backend import SlackBackend


@asynccontextmanager
async def sending_only(backend: SlackBackend) -> AsyncIterator[None]:
    """While inside, `backend.send` posts through one session (when the web app runs the backend, nothing is done)."""
    if backend.sending_client.session is not None:
        yield
        return
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=backend.send_timeout))
    backend.sending_client.session = session
    try:
        yield
    finally:
        backend.sending_client.session = None
        await session.close()
