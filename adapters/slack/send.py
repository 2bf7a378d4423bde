"""Talking back to the person who wrote on Slack: replies to their DM, a pressed button's message updated, App
Home published.

Rate limits are honoured by the client (AsyncRateLimitErrorRetryHandler waits for Retry-After); a call that
still fails is logged and never stops the app. (Reaching someone who did not write is SlackBackend.send.)
"""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import Encode, render_all
from adapters.slack.home import home_view
from adapters.slack.parse import PressedButton
from adapters.slack.people import SLACK_FAILURES, SlackPeople
from adapters.slack.pressed import notification_text, with_choice_shown
from domain.replies import Reply

log = logging.getLogger(__name__)

# Button actions encoded for one person (their Slack user id): the conversation layer's signed codec.
EncoderFor = Callable[[str], Encode]


def unencoded(user_id: str) -> Encode:
    """Actions as they are, for a conversation layer that takes plain command lines as button values."""
    return str


class SlackPoster:
    def __init__(self, client: AsyncWebClient, people: SlackPeople, encoder_for: EncoderFor = unencoded) -> None:
        self.client = client
        self.people = people
        self.encoder_for = encoder_for

    async def reply(self, user_id: str, replies: list[Reply]) -> int:
        """Posts the replies to the person's DM, in order; returns how many messages Slack took."""
        messages = render_all(replies, self.encoder_for(user_id))
        if not messages:
            return 0
        channel = await self.people.dm_channel(user_id, hurry=False)
        if channel is None:
            return 0
        sent = 0
        for message in messages:
            posting = self.client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)
            if await self._call("chat.postMessage", posting):
                sent += 1
        return sent

    async def show_choice(self, pressed: PressedButton) -> None:
        """Updates the message whose button was pressed to show the choice (chat.update)."""
        blocks = with_choice_shown(pressed.blocks, pressed.block_id, pressed.action_id, pressed.label)
        if blocks is None:
            return
        text = notification_text(blocks)
        updating = self.client.chat_update(channel=pressed.channel_id, ts=pressed.message_ts, text=text, blocks=blocks)
        await self._call("chat.update", updating)

    async def publish_home(self, user_id: str, replies: list[Reply]) -> None:
        publishing = self.client.views_publish(user_id=user_id, view=home_view(replies, self.encoder_for(user_id)))
        await self._call("views.publish", publishing)

    async def _call(self, method: str, call: Awaitable[Any]) -> bool:
        try:
            await call
        except SLACK_FAILURES as error:
            log.error("Slack %s failed: %s", method, error)
            return False
        return True
