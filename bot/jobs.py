"""Everything LearnBot runs on pgqueuer besides sending: the scheduled jobs and the timed jobs, in one registry.

Scheduled jobs (name, cron, function) run on pgqueuer's scheduler in every `learnbot serve` and `learnbot
worker`, with or without a chat platform. Each schedule is a row of pgqueuer_schedules; a process takes a due
tick by claiming that row (FOR UPDATE SKIP LOCKED, status 'picked', the next run set in the same statement), so
each tick runs in exactly one process however many run, and a tick still running is not started again. A
process that dies mid-run stops its heartbeat and the tick goes to another after 30 s. A cron has five fields
(minute first) or six with seconds last (`* * * * * */30`: every 30 seconds).

Timed jobs are enqueued for a moment (pgqueuer's execute_after) in the transaction that asks for them, and any
worker runs each once, at that moment: an entrypoint and its function of (organization, item).

Every job enters the engine through the units of work (services.bus.units), as a chat command does.
"""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import text

from adapters.chat.housekeeping import forget_old_records
from adapters.delivery.worker import ScheduledJob, TimedRun
from bot.bootstrap import Services
from domain.announcements.publishing import publisher
from domain.assessments.events import AttemptEvent
from domain.assessments.expiry import SUBMIT_AT_DEADLINE, submit_at_deadline, submit_expired_attempts
from domain.certificates.reminders import CERTIFICATE_REMINDERS, ReminderSettings, remind_expiring_certificates
from domain.clock import Clock, SystemClock
from domain.delivery.catching_up import CATCH_UP, catch_up
from domain.delivery.outbox import PUBLISH_ANNOUNCEMENT
from domain.events import Event
from domain.reminders import DUE_DATE_REMINDERS, remind_due_dates

AUDIT_PARTITIONS = text("SELECT create_audit_log_partitions(:months)")


@dataclass(frozen=True)
class JobContext:
    """What a job works with: the composition root's services (the bus and its units of work) and the clock."""

    services: Services
    clock: Clock


@dataclass(frozen=True)
class Scheduled:
    name: str
    cron: str
    run: Callable[[JobContext], Awaitable[object]]


async def sweep_inbox(jobs: JobContext) -> int:
    """Finish chat updates a crash stranded in the inbox (stored and acked, never handled)."""
    return await jobs.services.inbox.sweep()


async def publish_attempt_event(jobs: JobContext, event: Event) -> None:
    # A passed attempt completes its quiz items and may complete the course.
    if isinstance(event, AttemptEvent):
        await jobs.services.bus.publish(event, event.organization_id)


async def submit_expired(jobs: JobContext) -> int:
    """The backstop of each attempt's own deadline job: hand in whatever is past its deadline."""
    return await submit_expired_attempts(jobs.services.bus.units, publish=lambda e: publish_attempt_event(jobs, e))


async def audit_partitions(jobs: JobContext) -> int:
    """This month's and the next two months' audit_logs partitions (and early rows moved out of the default)."""
    async with jobs.services.bus.units.open(organization_id=None, as_owner=True) as uow:
        created = await uow.session.scalar(AUDIT_PARTITIONS, {"months": 2})
        await uow.commit()
    return int(created or 0)


async def forget_chat_records(jobs: JobContext) -> int:
    return await forget_old_records(jobs.services.bus.units)


async def remind_certificates(jobs: JobContext) -> int:
    settings = jobs.services.settings
    reminders = ReminderSettings(jobs.services.certificates.links, settings.certificate_reminder_days)
    return await remind_expiring_certificates(jobs.services.bus.units, reminders, now=jobs.clock.now())


async def deliver_written_elsewhere(jobs: JobContext) -> int:
    """Announcements and messages written into the tables by another tool (an import, an admin's SQL)."""
    return await catch_up(jobs.services.bus.units, now=jobs.clock.now())


async def remind_due(jobs: JobContext) -> int:
    return await remind_due_dates(jobs.services.bus.units, jobs.clock)


SCHEDULED_JOBS: tuple[Scheduled, ...] = (
    Scheduled("chat_inbox_sweep", "* * * * * */30", sweep_inbox),
    Scheduled("submit_expired_attempts", "* * * * *", submit_expired),
    Scheduled("audit_log_partitions", "17 3 * * *", audit_partitions),
    Scheduled("forget_old_chat_records", "41 * * * *", forget_chat_records),
    Scheduled(CERTIFICATE_REMINDERS, "7 * * * *", remind_certificates),
    Scheduled(CATCH_UP, "* * * * *", deliver_written_elsewhere),
    # Every minute, so that reminders held by quiet hours go out when they end (08:00 local, not 08:59).
    Scheduled(DUE_DATE_REMINDERS, "* * * * *", remind_due),
)


def timed_jobs(jobs: JobContext) -> dict[str, TimedRun]:
    """Entrypoint -> its work on (organization, item)."""
    bus = jobs.services.bus

    async def hand_in(organization_id: uuid.UUID, attempt_id: uuid.UUID) -> int:
        return await submit_at_deadline(
            bus.units, organization_id, attempt_id, publish=lambda e: publish_attempt_event(jobs, e)
        )

    return {PUBLISH_ANNOUNCEMENT: publisher(bus), SUBMIT_AT_DEADLINE: hand_in}


def scheduled_jobs(jobs: JobContext, registry: tuple[Scheduled, ...] = SCHEDULED_JOBS) -> list[ScheduledJob]:
    """The registry's jobs bound to their context, as the worker's scheduler runs them."""
    return [ScheduledJob(job.name, job.cron, _bound(job, jobs)) for job in registry]


def _bound(job: Scheduled, jobs: JobContext) -> Callable[[], Awaitable[object]]:
    async def run() -> object:
        return await job.run(jobs)

    return run


def job_context(services: Services, clock: Clock | None = None) -> JobContext:
    return JobContext(services, clock or SystemClock())
