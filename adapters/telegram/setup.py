"""setup_telegram: the Telegram adapter in our aiohttp app, by webhook (POST /telegram/webhook) or long polling."""

import logging
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from adapters.chat.incoming import ChatHandler
from adapters.chat.polls import TelegramPolls
from adapters.chat.service import ChatService
from adapters.telegram.aiohttp_request import AiohttpRequest
from adapters.telegram.keyboards import Encode
from adapters.telegram.polls import PollBook
from adapters.telegram.processing import EncoderFor, UpdateProcessor, WebhookReply
from adapters.telegram.webhook import WEBHOOK_PATH, webhook_handler

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.POLL_ANSWER]
# What Telegram accepts as a webhook secret_token.
SECRET_FORMAT = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass
class TelegramAdapter:
    webhook_url: str | None
    processor: UpdateProcessor | None = None
    application: Application[Any, Any, Any, Any, Any, Any] | None = None

    async def process_json(self, data: dict[str, Any]) -> WebhookReply | None:
        if self.processor is None:
            # Not started yet or stopping: Telegram delivers it again later.
            raise web.HTTPServiceUnavailable(text="the Telegram adapter is not running")
        return await self.processor.process_json(data)


TELEGRAM = web.AppKey("telegram", TelegramAdapter)


def setup_telegram(
    app: web.Application,
    settings: "Settings",
    chat: ChatHandler,
    *,
    polls: PollBook | None = None,
    encoder_for: EncoderFor | None = None,
) -> None:
    """Adds Telegram to `app` when TELEGRAM_BOT_TOKEN is set: a webhook with TELEGRAM_WEBHOOK_URL, else polling.

    Button actions are signed and quiz polls kept with the ChatService's codec and database unless `polls`
    and `encoder_for` say otherwise.
    """
    # PTB's future behaviour, which calls.retry_after_seconds already reads: RetryAfter.retry_after as a
    # timedelta. Without it PTB warns on every 429 it parses.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    telegram = settings.telegram
    if telegram.bot_token is None:
        log.info("TELEGRAM_BOT_TOKEN is not set: Telegram is off")
        return
    secret = telegram.webhook_secret.get_secret_value() if telegram.webhook_secret is not None else None
    if secret is not None and not SECRET_FORMAT.fullmatch(secret):
        raise ValueError("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    if telegram.webhook_url and secret is None:
        raise ValueError("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL")
    polls, encoder_for = _ports(chat, polls, encoder_for)
    adapter = TelegramAdapter(telegram.webhook_url)
    app[TELEGRAM] = adapter
    # Registered in polling mode too, where it refuses everything unless a secret is set.
    app.router.add_post(WEBHOOK_PATH, webhook_handler(secret, lambda: adapter.process_json))
    token, api_url = telegram.bot_token.get_secret_value(), telegram.api_url

    async def running(_: web.Application) -> AsyncIterator[None]:
        builder = (
            ApplicationBuilder()
            .token(token)
            .base_url(api_url)
            .request(AiohttpRequest())
            .get_updates_request(AiohttpRequest(connection_pool_size=1))
        )
        if adapter.webhook_url:
            builder = builder.updater(None)
        application = builder.build()
        await application.initialize()
        processor = UpdateProcessor(application.bot, chat, polls, encoder_for)
        adapter.application = application
        try:
            if adapter.webhook_url:
                await application.bot.set_webhook(
                    adapter.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
                )
                log.info("Telegram: webhook set to %s", adapter.webhook_url)
            else:
                _poll_into(application, processor)
                assert application.updater is not None
                await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
                log.info("Telegram: long polling (TELEGRAM_WEBHOOK_URL is not set)")
            await application.start()
            adapter.processor = processor
            yield
        finally:
            adapter.processor = None
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            await application.shutdown()

    app.cleanup_ctx.append(running)


def _poll_into(application: Application[Any, Any, Any, Any, Any, Any], processor: UpdateProcessor) -> None:
    """Polled updates take the webhook's path through the processor."""

    async def process(update: object, _: ContextTypes.DEFAULT_TYPE) -> None:
        if isinstance(update, Update):
            await processor.process(update)

    async def log_failure(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("a polled Telegram update failed", exc_info=context.error)

    application.add_handler(TypeHandler(Update, process))
    application.add_error_handler(log_failure)


def _ports(chat: ChatHandler, polls: PollBook | None, encoder_for: EncoderFor | None) -> tuple[PollBook, EncoderFor]:
    if polls is not None and encoder_for is not None:
        return polls, encoder_for
    if not isinstance(chat, ChatService):
        raise TypeError("pass polls= and encoder_for= with a chat handler other than the ChatService")
    codec = chat.codec

    def signed_for(platform_user_id: str) -> Encode:
        return lambda action: codec.encode(action, for_user=platform_user_id)

    return polls or TelegramPolls(chat.bus.sessionmaker), encoder_for or signed_for
