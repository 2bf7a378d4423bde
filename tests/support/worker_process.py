"""A delivery worker process for crash tests: the real worker and sender, with the fake backend's journal.

    python -m tests.support.worker_process DSN JOURNAL [PLATFORM_INTERVAL] [SEND_DELAY]

Each send that succeeds appends "telegram:<user>:<text> <pid>" to JOURNAL with one write(), so a test that
kills this process with SIGKILL still sees every message that "reached the platform".
"""

import asyncio
import os
import signal
import sys

from sqlalchemy.engine import make_url

from adapters.delivery.sending import DeliverySender, Limits
from adapters.delivery.worker import DeliveryWorker, asyncpg_dsn
from bot import event_loop
from bot.database import create_engine, create_sessionmaker
from domain.models.enums import ChatPlatform
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.support.fake_backend import RecordingBackend


async def main(dsn: str, journal: str, interval: float, delay: float) -> None:
    url = make_url(dsn)
    engine = create_engine(url, pool_size=5)
    backend = RecordingBackend(ChatPlatform.TELEGRAM, journal=journal, delay=delay, tag=str(os.getpid()))
    limits = Limits(platform_interval={ChatPlatform.TELEGRAM: interval}, chat_interval={ChatPlatform.TELEGRAM: 1.0})
    worker = DeliveryWorker(
        asyncpg_dsn(url),
        DeliverySender(PostgresUnitsOfWork(create_sessionmaker(engine)), {ChatPlatform.TELEGRAM: backend}, limits),
        concurrency=10,
        heartbeat_timeout=2.0,
    )
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, worker.stop)
    print("ready", flush=True)
    try:
        await worker.run()
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.set_event_loop_policy(event_loop.policy())
    arguments = sys.argv[1:]
    asyncio.run(
        main(
            arguments[0],
            arguments[1],
            float(arguments[2]) if len(arguments) > 2 else 0.02,
            float(arguments[3]) if len(arguments) > 3 else 0.0,
        )
    )
