"""A delivery worker: pgqueuer's QueueManager on its own connection, running deliveries and scheduled publishing.

Any number of workers (in `learnbot serve` processes and `learnbot worker` ones) share the queue: pgqueuer
picks jobs with SKIP LOCKED, wakes on NOTIFY, and hands a job whose worker stopped beating (killed, frozen)
to another after the heartbeat timeout. The rate limits are shared through PostgreSQL (adapters/delivery/
statements.py), so they hold however many workers run.
"""

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta

import asyncpg
from pgqueuer import Job, Queries, QueueManager, RetryRequested
from sqlalchemy.engine import URL

from adapters.delivery.sending import DeliverySender
from domain.delivery.outbox import DELIVER, PLATFORM_ENTRYPOINTS, PUBLISH_ANNOUNCEMENT, read_payload
from domain.unit_of_work import UnitsOfWork

log = logging.getLogger(__name__)

# Publishes a scheduled announcement: (organization, announcement).
Publisher = Callable[[uuid.UUID, uuid.UUID], Awaitable[None]]


def asyncpg_dsn(url: URL) -> str:
    """The SQLAlchemy URL as asyncpg's own connect() takes it."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class DeliveryWorker:
    def __init__(
        self,
        dsn: str,
        sender: DeliverySender,
        publish: Publisher | None = None,
        *,
        concurrency: int = 40,
        heartbeat_timeout: float = 30.0,
        platform_concurrency: Mapping[str, int] | None = None,
    ) -> None:
        # Jobs of one platform held at once across all workers (pgqueuer enforces it in SQL); 0 is no limit.
        self.platform_concurrency = dict(platform_concurrency or {})
        self.dsn = dsn
        self.sender = sender
        self.publish = publish
        self.concurrency = concurrency
        self.heartbeat_timeout = heartbeat_timeout
        self._manager: QueueManager | None = None
        self._stop = asyncio.Event()

    async def run(self) -> None:
        """Work the queue until stop() is called."""
        connection = await asyncpg.connect(self.dsn)
        try:
            manager = QueueManager(Queries.from_asyncpg_connection(connection))
            manager.entrypoint(DELIVER, on_failure="hold")(self._deliver)
            for platform, entrypoint in PLATFORM_ENTRYPOINTS.items():
                limit = self.platform_concurrency.get(platform, 0)
                manager.entrypoint(entrypoint, concurrency_limit=limit, on_failure="hold")(self._deliver)
            manager.entrypoint(PUBLISH_ANNOUNCEMENT, on_failure="hold")(self._publish)
            self._manager = manager
            if self._stop.is_set():
                return
            batch = max(1, self.concurrency // 2)
            await manager.run(
                dequeue_timeout=timedelta(seconds=5),
                batch_size=batch,
                max_concurrent_tasks=max(self.concurrency, 2 * batch),
                heartbeat_timeout=timedelta(seconds=self.heartbeat_timeout),
            )
        finally:
            await connection.close()

    def stop(self) -> None:
        self._stop.set()
        if self._manager is not None:
            self._manager.shutdown.set()

    async def _deliver(self, job: Job) -> None:
        organization_id, delivery_id = read_payload(job.payload)
        async with _retried_when_the_database_is_away(self.sender.units):
            await self.sender.deliver(organization_id, delivery_id)

    async def _publish(self, job: Job) -> None:
        organization_id, announcement_id = read_payload(job.payload)
        if self.publish is not None:
            async with _retried_when_the_database_is_away(self.sender.units):
                await self.publish(organization_id, announcement_id)


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
