"""setup_telegram: a TelegramBackend in our aiohttp app, by webhook (POST /telegram/webhook) or long polling."""

import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from adapters.telegram.aiohttp_request import AiohttpRequest
from adapters.telegram.backend import TelegramBackend
from adapters.telegram.processing import UpdateProcessor
from adapters.telegram.webhook import WEBHOOK_PATH, webhook_handler

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.POLL_ANSWER]

TELEGRAM = web.AppKey("telegram", TelegramBackend)


def setup_telegram(app: web.Application, backend: TelegramBackend) -> None:
    """Adds the backend to `app`: its webhook route, and PTB started and stopped with the app (webhook set, or
    long polling when the backend has no webhook URL)."""
    # PTB's future behaviour, which calls.retry_after_seconds already reads: RetryAfter.retry_after as a
    # timedelta. Without it PTB warns on every 429 it parses.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    config = backend.config
    app[TELEGRAM] = backend
    # Registered in polling mode too, where it refuses everything unless a secret is set.
    app.router.add_post(WEBHOOK_PATH, webhook_handler(config.webhook_secret, lambda: backend.process_json))

    async def running(_: web.Application) -> AsyncIterator[None]:
        builder = (
            ApplicationBuilder()
            .token(config.bot_token)
            .base_url(config.api_url)
            .request(AiohttpRequest())
            .get_updates_request(AiohttpRequest(connection_pool_size=1))
        )
        if config.webhook_url:
            builder = builder.updater(None)
        application = builder.build()
        await application.initialize()
        processor = UpdateProcessor(application.bot, backend.chat, backend.polls, backend.encoder_for)
        backend.application = application
        try:
            if config.webhook_url:
                await application.bot.set_webhook(
                    config.webhook_url, secret_token=config.webhook_secret, allowed_updates=ALLOWED_UPDATES
                )
                log.info("Telegram: webhook set to %s", config.webhook_url)
            else:
                _poll_into(application, processor)
                assert application.updater is not None
                await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
                log.info("Telegram: long polling (TELEGRAM_WEBHOOK_URL is not set)")
            await application.start()
            backend.processor = processor
            yield
        finally:
            backend.processor = None
            backend.application = None
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
