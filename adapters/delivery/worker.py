"""A worker on pgqueuer: deliveries (when a chat platform is configured), timed jobs and scheduled jobs.

Any number of workers (in `learnbot serve` processes and `learnbot worker` ones) share the queue: pgqueuer
picks jobs with SKIP LOCKED, wakes on NOTIFY (and when the next job enqueued for later falls due), and hands a
job whose worker stopped beating (killed, frozen) to another after the heartbeat timeout. The rate limits are
shared through PostgreSQL (adapters/delivery/statements.py), so they hold however many workers run.

Without a sender (no platform configured, or `learnbot serve` with LEARNBOT_DELIVERY_IN_SERVE=false) the worker
takes no delivery jobs, which wait in the queue for one that can send, but still runs the timed jobs (a
scheduled announcement's publishing, a quiz attempt's deadline) and the scheduled ones (bot/jobs.py).
"""

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import asyncpg
from pgqueuer import Job, Queries, QueueManager, RetryRequested, SchedulerManager
from pgqueuer.models import Schedule
from sqlalchemy.engine import URL

from adapters.delivery.sending import DeliverySender
from domain.delivery.outbox import DELIVER, PLATFORM_ENTRYPOINTS, read_payload
from domain.unit_of_work import UnitsOfWork

log = logging.getLogger(__name__)

# A timed job's work, given its payload (organization, item): publish an announcement, hand in an attempt.
TimedRun = Callable[[uuid.UUID, uuid.UUID], Awaitable[object]]


@dataclass(frozen=True)
class ScheduledJob:
    """Work on a cron schedule (pgqueuer's scheduler: one worker runs each tick, whichever claims it first)."""

    name: str
    cron: str
    run: Callable[[], Awaitable[object]]


def asyncpg_dsn(url: URL) -> str:
    """The SQLAlchemy URL as asyncpg's own connect() takes it."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class DeliveryWorker:
    def __init__(
        self,
        dsn: str,
        sender: DeliverySender | None,
        *,
        units: UnitsOfWork | None = None,
        timed: Mapping[str, TimedRun] | None = None,
        concurrency: int = 40,
        heartbeat_timeout: float = 30.0,
        platform_concurrency: Mapping[str, int] | None = None,
        scheduled: Sequence[ScheduledJob] = (),
    ) -> None:
        """`sender` None takes no deliveries; `timed` maps an entrypoint to its work; `units` (the sender's by
        default) is what tells a lost database connection, which puts a job back for later."""
        if units is None:
            if sender is None:
                raise ValueError("a worker without a sender needs its units of work")
            units = sender.units
        self.units = units
        self.timed = dict(timed or {})
        self.scheduled = tuple(scheduled)
        self._scheduler: SchedulerManager | None = None
        # Jobs of one platform held at once across all workers (pgqueuer enforces it in SQL); 0 is no limit.
        self.platform_concurrency = dict(platform_concurrency or {})
        self.dsn = dsn
        self.sender = sender
        self.concurrency = concurrency
        self.heartbeat_timeout = heartbeat_timeout
        self._manager: QueueManager | None = None
        self._stop = asyncio.Event()

    async def run(self) -> None:
        """Work the queue until stop() is called."""
        connection = await asyncpg.connect(self.dsn)
        try:
            manager = QueueManager(Queries.from_asyncpg_connection(connection))
            if self.sender is not None:
                manager.entrypoint(DELIVER, on_failure="hold")(self._deliver)
                for platform, entrypoint in PLATFORM_ENTRYPOINTS.items():
                    limit = self.platform_concurrency.get(platform, 0)
                    manager.entrypoint(entrypoint, concurrency_limit=limit, on_failure="hold")(self._deliver)
            for entrypoint, run in self.timed.items():
                manager.entrypoint(entrypoint, on_failure="hold")(self._timed(run))
            self._manager = manager
            if self._stop.is_set():
                return
            batch = max(1, self.concurrency // 2)
            queue = manager.run(
                dequeue_timeout=timedelta(seconds=5),
                batch_size=batch,
                max_concurrent_tasks=max(self.concurrency, 2 * batch),
                heartbeat_timeout=timedelta(seconds=self.heartbeat_timeout),
            )
            if not self.scheduled:
                await queue
                return
            await asyncio.gather(queue, self._run_scheduler())
        finally:
            await connection.close()

    async def _run_scheduler(self) -> None:
        """The scheduled jobs, on a connection of their own (pgqueuer's scheduler holds its driver)."""
        connection = await asyncpg.connect(self.dsn)
        try:
            scheduler = SchedulerManager(Queries.from_asyncpg_connection(connection))
            for job in self.scheduled:
                scheduler.schedule(job.name, job.cron)(_scheduled(job))
            self._scheduler = scheduler
            if self._stop.is_set():
                return
            await scheduler.run()
        finally:
            await connection.close()

    def stop(self) -> None:
        self._stop.set()
        if self._manager is not None:
            self._manager.shutdown.set()
        if self._scheduler is not None:
            self._scheduler.shutdown.set()

    async def _deliver(self, job: Job) -> None:
        assert self.sender is not None
        organization_id, delivery_id = read_payload(job.payload)
        async with _retried_when_the_database_is_away(self.units):
            await self.sender.deliver(organization_id, delivery_id)

    def _timed(self, run: TimedRun) -> Callable[[Job], Awaitable[None]]:
        async def timed(job: Job) -> None:
            organization_id, item_id = read_payload(job.payload)
            async with _retried_when_the_database_is_away(self.units):
                await run(organization_id, item_id)

        return timed


def _scheduled(job: ScheduledJob) -> Callable[[Schedule], Awaitable[None]]:
    async def run(schedule: Schedule) -> None:
        try:
            await job.run()
        except Exception:
            log.exception("scheduled job %r failed; it runs again at its next time", job.name)

    return run


@asynccontextmanager
async def _retried_when_the_database_is_away(units: UnitsOfWork) -> AsyncIterator[None]:
    """A lost database connection puts the job back for later (its steps are safe to repeat); any other error
    keeps the job as failed in pgqueuer (on_failure='hold') with its traceback, for someone to look at."""
    try:
        yield
    except Exception as error:
        if units.connection_lost(error):
            raise RetryRequested(delay=timedelta(seconds=5), reason=str(error)) from error
        raise
