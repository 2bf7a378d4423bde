"""Telegram for sending only (a `learnbot worker`): PTB's bot initialized, no webhook set and no polling, so the
process that serves updates keeps them (Telegram allows one getUpdates consumer per bot)."""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram.ext import ApplicationBuilder

from adapters.telegram.aiohttp_request import AiohttpRequest
from adapters.telegram.backend import TelegramBackend


@asynccontextmanager
async def sending_only(backend: TelegramBackend) -> AsyncIterator[None]:
    """While inside, `backend.send` works (when the web app runs the backend already, nothing more is done)."""
    if backend.application is not None:
        yield
        return
    os.environ.setdefault("PTB_TIMEDELTA", "true")  # as setup_telegram: RetryAfter.retry_after as a timedelta
    config = backend.config
    application = (
        ApplicationBuilder().token(config.bot_token).base_url(config.api_url).request(AiohttpRequest()).updater(None)
    ).build()
    await application.initialize()
    backend.application = application
    try:
        yield
    finally:
        backend.application = None
        await application.shutdown()
