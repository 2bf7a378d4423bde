"""The worker as `learnbot serve` and `learnbot worker` run it: the backends and limits of its deliveries, and the
timed and scheduled jobs of bot/jobs.py, which every worker runs whether or not a platform is configured."""

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from adapters.chat.backend import ChatBackend
from adapters.delivery.sending import DeliverySender, Limits
from adapters.delivery.worker import DeliveryWorker, asyncpg_dsn
from bot.bootstrap import Services
from bot.jobs import job_context, scheduled_jobs, timed_jobs
from bot.runtime import Database
from bot.settings import DeliverySettings
from domain.clock import Clock
from domain.models.enums import ChatPlatform

log = logging.getLogger(__name__)


def limits_of(settings: DeliverySettings) -> Limits:
    return Limits(
        platform_interval={
            ChatPlatform.TELEGRAM: 1 / settings.telegram_per_second,
            ChatPlatform.SLACK: 1 / settings.slack_per_second,
        },
        chat_interval={
            ChatPlatform.TELEGRAM: settings.telegram_chat_interval,
            ChatPlatform.SLACK: settings.slack_channel_interval,
        },
        max_attempts=settings.max_attempts,
        backoff_seconds=settings.backoff_seconds,
    )


def delivery_backends(services: Services) -> dict[ChatPlatform, ChatBackend]:
    """The platforms deliveries go out on: Telegram and Slack when configured (the console only answers)."""
    return {platform: backend for platform, backend in services.backends.items() if platform != ChatPlatform.CONSOLE}


def build_worker(db: Database, services: Services, *, send: bool = True, clock: Clock | None = None) -> DeliveryWorker:
    """A worker running the timed and scheduled jobs, and sending deliveries over the configured platforms when
    `send`; with no platform configured it takes no delivery (they wait, nothing is marked failed for want of a
    backend)."""
    settings = services.settings.delivery
    backends = delivery_backends(services)
    sender = None
    if send and backends:
        sender = DeliverySender(services.bus.units, backends, limits_of(settings))
    elif send:
        log.warning("no chat platform is configured (TELEGRAM_BOT_TOKEN, SLACK_BOT_TOKEN): deliveries wait")
    jobs = job_context(services, clock)
    return DeliveryWorker(
        asyncpg_dsn(db.engine.url),
        sender,
        units=services.bus.units,
        timed=timed_jobs(jobs),
        concurrency=settings.concurrency,
        heartbeat_timeout=settings.heartbeat_timeout,
        platform_concurrency=platform_concurrency(settings),
        scheduled=scheduled_jobs(jobs),
    )


def platform_concurrency(settings: DeliverySettings) -> dict[str, int]:
    """Jobs held per platform across all workers: about 1.5 s of its sends (each job waits for its rate slot)."""
    return {
        ChatPlatform.TELEGRAM: max(2, round(settings.telegram_per_second * 1.5)),
        ChatPlatform.SLACK: max(2, round(settings.slack_per_second * 1.5)),
    }


@dataclass
class RunningWorker:
    worker: DeliveryWorker
    task: "asyncio.Task[None]"


def start_delivery_worker(db: Database, services: Services) -> RunningWorker:
    """`learnbot serve` runs a worker beside the web app: always the timed and scheduled jobs, and deliveries
    unless LEARNBOT_DELIVERY_IN_SERVE=false."""
    worker = build_worker(db, services, send=services.settings.delivery.in_serve)
    return RunningWorker(worker, asyncio.create_task(worker.run(), name="worker"))


async def stop_delivery_worker(running: RunningWorker | None, grace: float = 10.0) -> None:
    """Let the jobs in hand finish (a send cut off halfway would end `uncertain`), then stop."""
    if running is None:
        return
    running.worker.stop()
    try:
        await asyncio.wait_for(asyncio.shield(running.task), grace)
    except TimeoutError:
        running.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running.task
    except Exception:
        log.exception("the delivery worker failed")
