"""`learnbot serve`: the web app, every configured chat platform and the background jobs in one process."""

import argparse
import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from aiohttp import web

from adapters.chat.housekeeping import forget_old_records
from adapters.slack.setup import setup_slack
from adapters.telegram.setup import setup_telegram
from bot import migrate
from bot.bootstrap import Services, build_services
from bot.delivery import start_delivery_worker, stop_delivery_worker
from bot.errors import StartupError
from bot.runtime import Database
from bot.settings import get_settings
from bot.web import Setup, create_app
from domain.assessments.events import AttemptEvent
from domain.assessments.expiry import submit_expired_attempts
from domain.events import Event

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: float
    run: Callable[[Database, Services], Awaitable[object]]


async def sweep_inbox(db: Database, services: Services) -> object:
    return await services.inbox.sweep()


async def submit_expired(db: Database, services: Services) -> object:
    async def publish(event: Event) -> None:
        # A passed attempt completes its quiz items and may complete the course.
        if isinstance(event, AttemptEvent):
            await services.bus.publish(event, event.organization_id)

    return await submit_expired_attempts(db.units, publish=publish)


async def forget_chat_records(db: Database, services: Services) -> object:
    return await forget_old_records(db.sessionmaker)


async def audit_partitions(db: Database, services: Services) -> object:
    return await migrate.create_audit_partitions(db.engine)


# Background work, each on its own timer; a failing run is logged and tried again at the next tick.
PERIODIC_JOBS: list[PeriodicJob] = [
    PeriodicJob("chat inbox sweep", 30, sweep_inbox),
    PeriodicJob("submit expired quiz attempts", 15, submit_expired),
    PeriodicJob("audit_logs partitions", 24 * 3600, audit_partitions),
    PeriodicJob("forget old chat records", 3600, forget_chat_records),
]


def platform_setups(services: Services) -> list[Setup]:
    """The web-app setups of the chat backends the composition root built (those whose tokens are set)."""
    setups: list[Setup] = []
    if services.telegram is not None:
        setups.append(partial(setup_telegram, backend=services.telegram))
    if services.slack is not None:
        setups.append(partial(setup_slack, backend=services.slack))
    return setups


async def repeat(job: PeriodicJob, db: Database, services: Services) -> None:
    while True:
        try:
            await job.run(db, services)
        except Exception:
            log.exception("background job %r failed; it runs again in %s s", job.name, job.every_seconds)
        await asyncio.sleep(job.every_seconds)


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
    jobs = [asyncio.create_task(repeat(job, db, services), name=job.name) for job in PERIODIC_JOBS]
    deliveries = start_delivery_worker(db, services)
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
        await stop_delivery_worker(deliveries)
        for task in jobs:
            task.cancel()
        for task in jobs:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await runner.cleanup()
    return 0


def register(commands: Any) -> None:
    commands.add_parser("serve", help="run the web app, the chat platforms and the background jobs").set_defaults(
        handler=serve
    )
