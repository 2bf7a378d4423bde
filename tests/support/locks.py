"""Waiting, in a test, until another connection is blocked on a lock (to force a race deterministically)."""

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

WAITING_FOR_A_LOCK = text(
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


async def someone_waits_for_a_lock(db: async_sessionmaker[AsyncSession]) -> None:
    """Until another connection to this database waits for a lock (at most 10 s). Each look is its own
    transaction: PostgreSQL keeps one snapshot of pg_stat_activity per transaction, so one long transaction
    could miss the waiter."""
    for _ in range(1000):
        async with db() as session:
            waiting = await session.scalar(WAITING_FOR_A_LOCK)
        if waiting:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("no statement waited for the lock")
