"""The delivery worker as `learnbot serve` and `learnbot worker` run it: the backends, the limits, the publisher."""

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from adapters.chat.backend import ChatBackend
from adapters.delivery.sending import DeliverySender, Limits
from adapters.delivery.worker import DeliveryWorker, ScheduledJob, asyncpg_dsn
from bot.bootstrap import Services
from bot.runtime import Database
from bot.settings import DeliverySettings
from domain.announcements.publishing import publisher
from domain.certificates.reminders import CERTIFICATE_REMINDERS, ReminderSettings, remind_expiring_certificates
from domain.clock import SystemClock
from domain.delivery.catching_up import CATCH_UP, catch_up
from domain.models.enums import ChatPlatform
from domain.nudges.sending import REVIEW_NUDGES, send_due_nudges

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


def build_worker(db: Database, services: Services) -> DeliveryWorker | None:
    """A worker over the configured platforms; None (and a warning) when no platform is configured, so that
    nothing is marked failed for want of a backend."""
    backends = delivery_backends(services)
    if not backends:
        log.warning("no chat platform is configured (TELEGRAM_BOT_TOKEN, SLACK_BOT_TOKEN): deliveries wait")
        return None
    settings = services.settings.delivery
    sender = DeliverySender(services.bus.units, backends, limits_of(settings))
    return DeliveryWorker(
        asyncpg_dsn(db.engine.url),
        sender,
        publisher(services.bus),
        concurrency=settings.concurrency,
        heartbeat_timeout=settings.heartbeat_timeout,
        platform_concurrency=platform_concurrency(settings),
        scheduled=scheduled_jobs(services),
    )


def scheduled_jobs(services: Services) -> list[ScheduledJob]:
    """Work the workers share on a schedule: certificate expiry reminders every hour (each sent once), every
    minute the announcements and messages written into the tables by another tool, and review nudges every
    quarter of an hour (so they start soon after quiet hours end; at most one a day per person)."""
    reminders = ReminderSettings(services.certificates.links, services.settings.certificate_reminder_days)

    async def remind() -> int:
        return await remind_expiring_certificates(services.bus.units, reminders)

    async def deliver_written_elsewhere() -> int:
        return await catch_up(services.bus.units)

    async def nudge() -> int:
        return await send_due_nudges(services.bus.units, SystemClock())

    return [
        ScheduledJob(CERTIFICATE_REMINDERS, "7 * * * *", remind),
        ScheduledJob(CATCH_UP, "* * * * *", deliver_written_elsewhere),
        ScheduledJob(REVIEW_NUDGES, "*/15 * * * *", nudge),
    ]


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


def start_delivery_worker(db: Database, services: Services) -> RunningWorker | None:
    """`learnbot serve` runs a delivery worker beside the web app unless LEARNBOT_DELIVERY_IN_SERVE=false."""
    if not services.settings.delivery.in_serve:
        return None
    worker = build_worker(db, services)
    if worker is None:
        return None
    return RunningWorker(worker, asyncio.create_task(worker.run(), name="delivery worker"))


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
