"""SlackBackend: the ChatBackend for Slack. Updates come in through bolt (the events route or Socket Mode) to the
intake; `send` reaches a person who did not write (the delivery outbox calls it)."""

from collections.abc import Mapping, Sequence
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.chat.backend import (
    ChatAddress,
    RateLimited,
    SendFailed,
    SendUncertain,
    Sent,
    TemporaryFailure,
    Unreachable,
    WithActions,
)
from adapters.chat.inbox import Inbox
from adapters.chat.incoming import ChatHandler
from adapters.slack.app import bolt_app, web_client
from adapters.slack.blocks import render_all
from adapters.slack.config import SlackConfig
from adapters.slack.intake import SlackIntake
from adapters.slack.people import SlackPeople
from adapters.slack.send import EncoderFor, SlackPoster
from adapters.slack.tasks import AfterAck
from domain.models.enums import ChatPlatform
from domain.replies import Reply

# Slack's errors that say this person cannot be written to from here, now or later.
UNREACHABLE = frozenset(
    {"channel_not_found", "user_not_found", "account_inactive", "is_archived", "not_in_channel", "cannot_dm_bot"}
    | {"user_disabled", "users_not_found"}
)


class SlackBackend:
    """Implements adapters.chat.backend.ChatBackend; `setup_slack` puts it in the web app and runs it."""

    platform = ChatPlatform.SLACK

    def __init__(
        self,
        config: SlackConfig,
        chat: ChatHandler,
        inbox: Inbox,
        encoder_for: EncoderFor,
        *,
        with_actions: WithActions = list,
        send_timeout: float = 30.0,
    ) -> None:
        self.config = config
        self.with_actions = with_actions
        self.encoder_for = encoder_for
        # The conversation's client waits out 429s for the person who wrote; `send` has one without retries.
        self.client = web_client(config.bot_token, config.api_url)
        self.sending_client = AsyncWebClient(token=config.bot_token, base_url=config.api_url, retry_handlers=[])
        # Its session (made by setup_slack) gives up after this many seconds; the post may have happened.
        self.send_timeout = send_timeout
        self.people = SlackPeople(self.client)
        self.after_ack = AfterAck()
        self.intake = SlackIntake(
            chat, inbox, self.people, SlackPoster(self.client, self.people, encoder_for), self.after_ack
        )
        self.bolt = bolt_app(self.client, config.signing_secret or "", self.intake)

    async def send(self, to: ChatAddress, replies: Sequence[Reply]) -> Sent:
        """Post the replies to the person's DM (opened with conversations.open when not known), one attempt each."""
        messages = render_all(self.with_actions(replies), self.encoder_for(to.platform_user_id))
        sent: list[str] = []
        if not messages:
            return Sent(sent)
        channel = to.chat_id or await self._dm_channel(to.platform_user_id)
        for message in messages:
            try:
                posted = await self.sending_client.chat_postMessage(
                    channel=channel, text=message.text, blocks=message.blocks
                )
            except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
                failure = send_failure("chat.postMessage", error)
                failure.sent = Sent(sent)
                raise failure from error
            sent.append(str(posted["ts"]))
        return Sent(sent)

    async def _dm_channel(self, user_id: str) -> str:
        known = self.people.dm_channels.cached(user_id)
        if known is not None:
            return known
        try:
            opened = await self.sending_client.conversations_open(users=user_id)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            raise send_failure("conversations.open", error) from error
        channel = str((opened.get("channel") or {}).get("id") or "")
        if not channel:
            raise TemporaryFailure(f"conversations.open for {user_id} gave no channel")
        self.people.remember_dm(user_id, channel)
        return channel


def send_failure(method: str, error: Exception) -> SendFailed:
    """The SendFailed kind of a failed Web API call."""
    if isinstance(error, SlackApiError):
        code = str(error.response.get("error") or "")
        reason = f"Slack {method}: {code or error.response.status_code}"
        if error.response.status_code == 429 or code == "ratelimited":
            return RateLimited(reason, _retry_after(error.response.headers))
        if code in UNREACHABLE:
            return Unreachable(reason)
        if error.response.status_code >= 500:
            return TemporaryFailure(reason)
        return SendFailed(reason)  # Slack refused this message (its blocks, its size): the same again fails too
    reason = f"Slack {method}: {type(error).__name__} {error}"
    if isinstance(error, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError):
        return TemporaryFailure(reason)  # never connected: nothing was sent
    # Timed out or the connection broke once the request was out: Slack may have posted it.
    return SendUncertain(reason)


def _retry_after(headers: Mapping[str, Any]) -> float:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            try:
                return float(value[0] if isinstance(value, list) else value)
            except (TypeError, ValueError):
                break
    return 1.0
