"""The aiohttp web app: health, and whatever the platform adapters add (webhooks) through setup callables."""

import asyncio
import logging
from collections.abc import Callable, Sequence

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.bootstrap import Services
from bot.certificate_pages import setup_certificate_pages

log = logging.getLogger(__name__)

# The conversation layer's services, for setup callables and handlers: request.app[SERVICES].chat, ...
SERVICES = web.AppKey("services", Services)
HEALTH_TIMEOUT_SECONDS = 3

Setup = Callable[[web.Application], None]


async def healthz(request: web.Request) -> web.Response:
    """Ok when the database answers."""
    services = request.app[SERVICES]
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS), services.sessionmaker() as session:
            await session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError):
        log.warning("health check: the database does not answer", exc_info=True)
        return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ok"})


def create_app(services: Services, setups: Sequence[Setup] = ()) -> web.Application:
    """The web app; each setup adds its routes and start/stop hooks (e.g. the Telegram and Slack adapters)."""
    app = web.Application()
    app[SERVICES] = services
    app.router.add_get("/healthz", healthz)
    setup_certificate_pages(app, services)
    for setup in setups:
        setup(app)
    return app
