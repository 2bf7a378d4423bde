"""`learnbot serve`: the web app, every configured chat platform and a worker (deliveries, the scheduled and
timed jobs of bot/jobs.py) in one process."""

import argparse
import asyncio
import gc
import signal
from functools import partial
from typing import Any

from aiohttp import web

from adapters.slack.setup import setup_slack
from adapters.telegram.setup import setup_telegram
from bot import migrate
from bot.bootstrap import Services, build_services
from bot.delivery import start_delivery_worker, stop_delivery_worker
from bot.errors import StartupError
from bot.runtime import Database
from bot.settings import get_settings
from bot.web import Setup, create_app


def platform_setups(services: Services) -> list[Setup]:
    """The web-app setups of the chat backends the composition root built (those whose tokens are set)."""
    setups: list[Setup] = []
    if services.telegram is not None:
        setups.append(partial(setup_telegram, backend=services.telegram))
    if services.slack is not None:
        setups.append(partial(setup_slack, backend=services.slack))
    return setups


async def serve(db: Database, args: argparse.Namespace) -> int:
    """Migrate, then serve until SIGINT or SIGTERM."""
    await migrate.upgrade(db.engine)
    settings = get_settings()
    services = build_services(settings, db.sessionmaker)
    app = create_app(services, platform_setups(services))
    runner = web.AppRunner(app)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    # Deliveries, timed and scheduled jobs (bot/jobs.py): pgqueuer runs each once across every process.
    worker = start_delivery_worker(db, services)
    try:
        try:
            await web.TCPSite(runner, settings.host, settings.port).start()
        except OSError as error:
            raise StartupError(f"cannot listen on {settings.host}:{settings.port}: {error.strerror or error}") from None
        print(f"LearnBot is serving on http://{settings.host}:{settings.port} (GET /healthz). Ctrl-C stops it.")
        # What start-up made (modules, SQLAlchemy's and PTB's tables) lives as long as the process: keep it
        # out of full garbage collections, whose pauses grow with everything they scan.
        gc.collect()
        gc.freeze()
        await stop.wait()
    finally:
        await stop_delivery_worker(worker)
        await runner.cleanup()
    return 0


def register(commands: Any) -> None:
    commands.add_parser("serve", help="run the web app, the chat platforms and the background jobs").set_defaults(
        handler=serve
    )
