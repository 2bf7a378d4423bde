"""setup_slack: a SlackBackend in our aiohttp app, on POST /slack/events or over Socket Mode."""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier

from adapters.slack.backend import SlackBackend
from adapters.slack.payload import Unreadable, invalid_body, read_body

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"

SLACK = web.AppKey("slack", SlackBackend)


def setup_slack(app: web.Application, backend: SlackBackend) -> None:
    """Adds the backend to `app`: Socket Mode when it has an app token, else the events route; its Web API
    session, the work started after acks and its lookups live and end with the app."""
    config = backend.config
    app[SLACK] = backend
    if not config.socket_mode:
        verifier = SignatureVerifier(config.signing_secret or "")
        app.router.add_post(EVENTS_PATH, events_endpoint(backend.bolt, verifier))

    async def running(_: web.Application) -> AsyncIterator[None]:
        # One connection pool for every Web API call, closed with the app.
        session = aiohttp.ClientSession()
        backend.client.session = session
        backend.sending_client.session = aiohttp.ClientSession(
            connector=session.connector,
            connector_owner=False,
            timeout=aiohttp.ClientTimeout(total=backend.send_timeout),
        )
        socket: AsyncSocketModeHandler | None = None
        try:
            if config.app_token is not None:
                socket = AsyncSocketModeHandler(backend.bolt, config.app_token)
                await socket.connect_async()  # type: ignore[no-untyped-call]
                log.info("Slack: Socket Mode connected")
            yield
        finally:
            if socket is not None:
                await socket.close_async()  # type: ignore[no-untyped-call]
            await backend.after_ack.drain()
            await backend.people.close()
            await backend.sending_client.session.close()
            await session.close()

    app.cleanup_ctx.append(running)


def events_endpoint(
    bolt: AsyncApp, verifier: SignatureVerifier
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def slack_events(request: web.Request) -> web.StreamResponse:
        """Events, the /learn command and interactivity; bolt checks the signature and answers within 3 s.

        Before bolt: the signature (401), then the body's shape (adapters/slack/payload.py: 400), since bolt
        reads the body to build its context and would fail with a 500 on one Slack never sends."""
        # The SDK's verifier would fail with a 500 on a timestamp that is not a number; it is simply unsigned.
        if not request.headers.get("X-Slack-Request-Timestamp", "").isdigit():
            return web.json_response({"error": "invalid request"}, status=401)
        raw = await request.text()
        if not verifier.is_valid_request(raw, dict(request.headers)):
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            invalid = invalid_body(read_body(raw, request.content_type))
        except Unreadable:
            invalid = "unreadable body"
        if invalid is not None:
            log.info("Slack: a signed request that is not Slack's was refused (%s)", invalid)
            return web.json_response({"error": "not a Slack request", "detail": invalid}, status=400)
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    return slack_events
