"""`learnbot worker`: a worker on its own (any number of them, beside any number of `serve`): deliveries when a chat
platform is configured, and always the timed and scheduled jobs (bot/jobs.py)."""

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
from bot.runtime import Database
from bot.settings import get_settings


async def worker(db: Database, args: argparse.Namespace) -> int:
    """Send deliveries and run the jobs until SIGINT or SIGTERM; the jobs in hand finish first."""
    await migrate.upgrade(db.engine)
    services = build_services(get_settings(), db.sessionmaker)
    running = build_worker(db, services)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, running.stop)
    async with contextlib.AsyncExitStack() as stack:
        if services.telegram is not None:
            await stack.enter_async_context(sending_only(services.telegram))
        if services.slack is not None:
            await stack.enter_async_context(slack_sending_only(services.slack))
        sending = "" if running.sender is not None else " (no chat platform is configured: deliveries wait)"
        print(f"LearnBot delivery worker is running{sending}. Ctrl-C stops it.", flush=True)
        await running.run()
    return 0


def register(commands: Any) -> None:
    commands.add_parser(
        "worker", help="send announcements, messages and reminders (the delivery outbox) and run the scheduled jobs"
    ).set_defaults(handler=worker)
