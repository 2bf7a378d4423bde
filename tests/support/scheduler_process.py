"""A worker process whose scheduler runs one probe job every second, for the test that runs two of them:

    python -m tests.support.scheduler_process DSN SECONDS

Each run of the probe writes a row into `scheduler_probe` (the test creates it) with this process's pid, when it
started and, after SECONDS, when it finished: overlapping rows would be a tick run twice.
"""

import asyncio
import os
import signal
import sys

import asyncpg
from sqlalchemy.engine import make_url

from adapters.delivery.worker import DeliveryWorker, ScheduledJob, asyncpg_dsn
from bot import event_loop
from bot.database import create_engine, create_sessionmaker
from infrastructure.unit_of_work import PostgresUnitsOfWork

PROBE = "scheduler_probe"


async def main(dsn: str, seconds: float) -> None:
    url = make_url(dsn).set(drivername="postgresql+asyncpg")
    engine = create_engine(url, pool_size=1)
    connection = await asyncpg.connect(asyncpg_dsn(url))

    async def probe() -> None:
        run = await connection.fetchval(
            f"INSERT INTO {PROBE} (pid, started_at) VALUES ($1, clock_timestamp()) RETURNING id", os.getpid()
        )
        await asyncio.sleep(seconds)
        await connection.execute(f"UPDATE {PROBE} SET finished_at = clock_timestamp() WHERE id = $1", run)

    worker = DeliveryWorker(
        asyncpg_dsn(url),
        None,
        units=PostgresUnitsOfWork(create_sessionmaker(engine)),
        scheduled=[ScheduledJob("scheduler_probe", "* * * * * *", probe)],
    )
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, worker.stop)
    print("ready", flush=True)
    try:
        await worker.run()
    finally:
        await connection.close()
        await engine.dispose()


if __name__ == "__main__":
    asyncio.set_event_loop_policy(event_loop.policy())
    asyncio.run(main(sys.argv[1], float(sys.argv[2])))
