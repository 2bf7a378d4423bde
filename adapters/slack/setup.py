"""setup_slack: the Slack adapter in our aiohttp app, on POST /slack/events or over Socket Mode."""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from adapters.chat.inbox import Inbox as ChatInbox
from adapters.chat.incoming import ChatHandler
from adapters.chat.service import ChatService
from adapters.slack.app import bolt_app, web_client
from adapters.slack.blocks import BUTTON_VALUE, Encode
from adapters.slack.intake import Inbox, SlackIntake
from adapters.slack.people import SlackPeople
from adapters.slack.send import EncoderFor, SlackSender
from adapters.slack.tasks import AfterAck
from bot.settings import Settings
from domain.models.enums import ChatPlatform

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


@dataclass(frozen=True)
class SlackAdapter:
    bolt: AsyncApp
    client: AsyncWebClient
    intake: SlackIntake
    after_ack: AfterAck
    socket_mode: bool


SLACK = web.AppKey("slack", SlackAdapter)


def setup_slack(
    app: web.Application,
    settings: Settings,
    chat: ChatHandler,
    *,
    inbox: Inbox | None = None,
    encoder_for: EncoderFor | None = None,
) -> None:
    """Adds Slack to `app` when SLACK_BOT_TOKEN is set: Socket Mode with SLACK_APP_TOKEN, else the events route.

    Updates are stored in `inbox` before the ack; pass the inbox the background sweep runs, so that updates
    stranded by a crash are answered on Slack too. Buttons are signed with the ChatService's codec. Both
    default to the ChatService's own; with another chat handler, pass both.
    """
    slack = settings.slack
    if slack.bot_token is None:
        log.info("SLACK_BOT_TOKEN is not set: Slack is off")
        return
    socket_mode = slack.app_token is not None
    if not socket_mode and slack.signing_secret is None:
        raise ValueError("SLACK_SIGNING_SECRET is required to receive Slack requests (or set SLACK_APP_TOKEN)")
    inbox, encoder_for = _ports(chat, inbox, encoder_for)
    client = web_client(slack.bot_token.get_secret_value(), slack.api_url)
    people = SlackPeople(client)
    after_ack = AfterAck()
    intake = SlackIntake(chat, inbox, people, SlackSender(client, people, encoder_for), after_ack)
    if isinstance(inbox, ChatInbox):
        inbox.deliver_with(ChatPlatform.SLACK, intake.deliver)
    secret = slack.signing_secret.get_secret_value() if slack.signing_secret is not None else ""
    adapter = SlackAdapter(bolt_app(client, secret, intake), client, intake, after_ack, socket_mode)
    app[SLACK] = adapter
    if not socket_mode:
        app.router.add_post(EVENTS_PATH, events_endpoint(adapter.bolt, SignatureVerifier(secret)))

    async def running(_: web.Application) -> AsyncIterator[None]:
        # One connection pool for every Web API call, closed with the app.
        client.session = aiohttp.ClientSession()
        socket: AsyncSocketModeHandler | None = None
        try:
            if socket_mode:
                assert slack.app_token is not None
                socket = AsyncSocketModeHandler(adapter.bolt, slack.app_token.get_secret_value())
                await socket.connect_async()  # type: ignore[no-untyped-call]
                log.info("Slack: Socket Mode connected")
            yield
        finally:
            if socket is not None:
                await socket.close_async()  # type: ignore[no-untyped-call]
            await after_ack.drain()
            await people.close()
            await client.session.close()

    app.cleanup_ctx.append(running)


def events_endpoint(
    bolt: AsyncApp, verifier: SignatureVerifier
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def slack_events(request: web.Request) -> web.StreamResponse:
        """Events, the /learn command and interactivity; bolt checks the signature and answers within 3 s."""
        # The SDK's verifier would fail with a 500 on a timestamp that is not a number; it is simply unsigned.
        if not request.headers.get("X-Slack-Request-Timestamp", "").isdigit():
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            bolt_request = await to_bolt_request(request)
        except ValueError:
            # Bolt parses the body before it verifies it: a body it cannot read is refused here, unsigned first.
            if not verifier.is_valid_request(await request.text(), dict(request.headers)):
                return web.json_response({"error": "invalid request"}, status=401)
            return web.json_response({"error": "unreadable body"}, status=400)
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    return slack_events


def _ports(chat: ChatHandler, inbox: Inbox | None, encoder_for: EncoderFor | None) -> tuple[Inbox, EncoderFor]:
    if inbox is not None and encoder_for is not None:
        return inbox, encoder_for
    if not isinstance(chat, ChatService):
        raise TypeError("pass inbox= and encoder_for= with a chat handler other than the ChatService")
    codec = chat.codec

    def signed_for(user_id: str) -> Encode:
        return lambda action: codec.encode(action, for_user=user_id, limit=BUTTON_VALUE)

    if inbox is None:
        log.warning("Slack: no inbox= given; Slack updates stranded by a crash will be answered only if its sweep runs")
        inbox = ChatInbox(chat.bus.sessionmaker, chat)
    return inbox, encoder_for or signed_for
