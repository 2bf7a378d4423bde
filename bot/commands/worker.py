"""`learnbot worker`: a delivery worker on its own (any number of them, beside any number of `serve`)."""

import argparse
import asyncio
import contextlib
import signal
from typing import Any

from adapters.slack.sending_only import sending_only as slack_sending_only
from adapters.telegram.sending_only import sending_only
from bot import migrate
from bot.bootstrap import build_services
from bot.delivery import build_worker
from bot.errors import StartupError
from bot.runtime import Database
from bot.settings import get_settings


async def worker(db: Database, args: argparse.Namespace) -> int:
    """Send deliveries until SIGINT or SIGTERM; the jobs in hand finish first."""
    await migrate.upgrade(db.engine)
    services = build_services(get_settings(), db.sessionmaker)
    running = build_worker(db, services)
    if running is None:
        raise StartupError("no chat platform is configured: set TELEGRAM_BOT_TOKEN and/or SLACK_BOT_TOKEN")
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, running.stop)
    async with contextlib.AsyncExitStack() as stack:
        if services.telegram is not None:
            await stack.enter_async_context(sending_only(services.telegram))
        if services.slack is not None:
            await stack.enter_async_context(slack_sending_only(services.slack))
        print("LearnBot delivery worker is running. Ctrl-C stops it.", flush=True)
        await running.run()
    return 0


def register(commands: Any) -> None:
    commands.add_parser(
        "worker", help="send announcements, messages and grading results (the delivery outbox)"
    ).set_defaults(handler=worker)
