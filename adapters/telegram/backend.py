"""TelegramBackend: the ChatBackend for Telegram. Updates come in through the webhook or long polling and are
answered by the UpdateProcessor; `send` reaches a person who did not write (the delivery outbox calls it)."""

import logging
from collections.abc import Sequence
from typing import Any

from aiohttp import web
from telegram.ext import Application

from adapters.chat.backend import ChatAddress, SendFailed, Sent, TemporaryFailure, WithActions
from adapters.chat.incoming import ChatHandler
from adapters.telegram.calls import OneAttempt
from adapters.telegram.config import TelegramConfig
from adapters.telegram.polls import PollBook
from adapters.telegram.processing import EncoderFor, UpdateProcessor, WebhookReply
from adapters.telegram.render import plan
from adapters.telegram.sending import TelegramPoster
from domain.models.enums import ChatPlatform
from domain.replies import Reply

log = logging.getLogger(__name__)


class TelegramBackend:
    """Implements adapters.chat.backend.ChatBackend; `setup_telegram` puts it in the web app and runs it."""

    platform = ChatPlatform.TELEGRAM

    def __init__(
        self,
        config: TelegramConfig,
        chat: ChatHandler,
        polls: PollBook,
        encoder_for: EncoderFor,
        *,
        with_actions: WithActions = list,
    ) -> None:
        self.config = config
        self.with_actions = with_actions
        self.chat = chat
        self.polls = polls
        self.encoder_for = encoder_for
        # Both exist while the bot runs (PTB's Application is made and initialized at start-up).
        self.processor: UpdateProcessor | None = None
        self.application: Application[Any, Any, Any, Any, Any, Any] | None = None

    @property
    def webhook_url(self) -> str | None:
        return self.config.webhook_url

    async def process_json(self, data: dict[str, Any]) -> WebhookReply | None:
        """A webhook's update, start to finish (UpdateProcessor.process_json)."""
        if self.processor is None:
            # Not started yet or stopping: Telegram delivers it again later.
            raise web.HTTPServiceUnavailable(text="the Telegram adapter is not running")
        return await self.processor.process_json(data)

    async def send(self, to: ChatAddress, replies: Sequence[Reply]) -> Sent:
        """Post the replies to the person's private chat (their user id when no chat id is known), one attempt each."""
        if self.application is None:
            raise TemporaryFailure("the Telegram adapter is not running")
        chat_id = int(to.chat_id or to.platform_user_id)
        poster = TelegramPoster(self.application.bot, self.polls, OneAttempt())
        sent: list[str] = []
        try:
            for message in plan(self.with_actions(replies), self.encoder_for(to.platform_user_id)):
                sent.extend(str(message_id) for message_id in await poster.post(chat_id, to.platform_user_id, message))
        except SendFailed as failure:
            failure.sent = Sent(sent)
            raise
        return Sent(sent)
