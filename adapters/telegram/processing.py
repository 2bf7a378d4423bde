"""One update, start to finish: parse, hand to the conversation layer, render and send the replies.

Webhook and long polling both come through here. A failure before the replies exist propagates (the
webhook then answers 500 and Telegram redelivers; the conversation layer drops what it already did);
failures while sending are logged, since a redelivery could not bring those messages back anyway.
"""

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from telegram import Bot, Update

from adapters.chat import texts
from adapters.chat.incoming import ChatHandler
from adapters.telegram.keyboards import Encode
from adapters.telegram.parse import parse
from adapters.telegram.payload import invalid_update
from adapters.telegram.polls import PollBook
from adapters.telegram.render import Outgoing, plan
from adapters.telegram.sending import TelegramPoster
from domain.errors import DatabaseUnavailable
from domain.replies import Reply

log = logging.getLogger(__name__)

# A Bot API request given as the answer to a webhook request: Telegram performs it (without a result).
WebhookReply = dict[str, Any]
# The action codec bound to one person (their Telegram user id as text): button actions encoded for them.
EncoderFor = Callable[[str], Encode]


def unencoded(platform_user_id: str) -> Encode:
    """Actions as they are: for a conversation layer that takes plain command lines as button data."""
    return lambda action: action


class MalformedUpdate(ValueError):
    """JSON that is not a Telegram update PTB can read."""


class UpdateProcessor:
    def __init__(
        self,
        bot: Bot,
        chat: ChatHandler,
        polls: PollBook,
        encoder_for: EncoderFor = unencoded,
        poster: TelegramPoster | None = None,
    ) -> None:
        self.bot = bot
        self.chat = chat
        self.polls = polls
        self.encoder_for = encoder_for
        self.poster = poster or TelegramPoster(bot, polls)

    async def process_json(self, data: dict[str, Any]) -> WebhookReply | None:
        """Process a webhook's update; what comes back goes in the webhook's answer (see `process`)."""
        invalid = invalid_update(data)
        if invalid is not None:
            raise MalformedUpdate(invalid)
        try:
            update = Update.de_json(data, self.bot)
        except Exception as error:  # PTB reading a field we do not check: the update is not Telegram's
            raise MalformedUpdate(f"{type(error).__name__}: {error}") from None
        return await self.process(update, answer_in_response=True)

    async def process(self, update: Update, *, answer_in_response: bool = False) -> WebhookReply | None:
        """Handle the update and send the replies.

        A callback query must always be answered. With `answer_in_response` (webhooks) the answer is returned
        to be sent as the webhook's response, which Telegram performs itself, saving a Bot API request per
        button press; otherwise, or when processing fails, it is sent through the Bot API.
        """
        try:
            parsed = parse(update, self.bot.username)
        except Exception as error:  # parsing is pure: only an update Telegram would never send fails it
            raise MalformedUpdate(f"{type(error).__name__}: {error}") from None
        query_id = parsed.callback_query_id
        try:
            incoming = parsed.incoming
            if incoming is not None:
                try:
                    replies = await self.chat.handle(incoming)
                except DatabaseUnavailable:
                    if answer_in_response:
                        raise  # the webhook answers 503 and Telegram delivers the update again
                    replies = [Reply(text=texts.DATABASE_UNAVAILABLE)]  # a polled update comes only once
                if parsed.answered is not None and replies:
                    await self.poster.show_answered(parsed.answered)
                messages = self._plan(replies, incoming.platform_user_id)
                await self.poster.send_all(int(incoming.chat_id), incoming.platform_user_id, messages)
        except BaseException:
            if query_id is not None:
                await asyncio.shield(self.poster.answer_callback(query_id))
            raise
        if query_id is None:
            return None
        if answer_in_response:
            return {"method": "answerCallbackQuery", "callback_query_id": query_id}
        await self.poster.answer_callback(query_id)
        return None

    def _plan(self, replies: list[Reply], platform_user_id: str) -> list[Outgoing]:
        try:
            return plan(replies, self.encoder_for(platform_user_id))
        except ValueError:
            # An action too long for callback data is a bug to fix; the person still gets the words.
            log.exception("telegram: could not build the keyboard of a reply; sending its text only")
            bare = [reply.model_copy(update={"buttons": [], "choices": [], "quiz": None}) for reply in replies]
            return plan(bare, unencoded(platform_user_id))
