"""Fixtures for the delivery outbox: people with chat identities, enqueueing, and workers run until done."""

import asyncio
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.backend import ChatBackend
from adapters.delivery.sending import DeliverySender, Limits
from adapters.delivery.worker import DeliveryWorker, asyncpg_dsn
from domain.delivery.outbox import Outgoing, deliver
from domain.models import ChatIdentity, Organization, User
from domain.models.delivery import DeliveryKind
from domain.models.enums import ChatPlatform
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.support import factories

FAST = Limits(
    platform_interval={ChatPlatform.TELEGRAM: 0.0, ChatPlatform.SLACK: 0.0},
    chat_interval={ChatPlatform.TELEGRAM: 0.0, ChatPlatform.SLACK: 0.0},
    max_attempts=3,
    backoff_seconds=0.05,
)
FINAL = ("sent", "failed", "uncertain", "withdrawn")


@dataclass(frozen=True)
class World:
    org: Organization
    author: User
    trainees: list[User]


async def link(
    db: async_sessionmaker[AsyncSession], person: User, platform: ChatPlatform, platform_user_id: str, **fields: object
) -> ChatIdentity:
    async with db() as session:
        row = ChatIdentity(
            organization_id=person.organization_id,
            user_id=person.id,
            platform=platform,
            workspace_id="T1" if platform == ChatPlatform.SLACK else "",
            platform_user_id=platform_user_id,
            dm_chat_id=("D" if platform == ChatPlatform.SLACK else "") + platform_user_id,
            **fields,
        )
        session.add(row)
        await session.commit()
        return row


async def make_world(db: async_sessionmaker[AsyncSession], trainees: int, *, linked: bool = True) -> World:
    async with db() as session:
        org = await factories.organization(session, settings=factories.NO_QUIET_HOURS)
        author = await factories.user(session, org, "instructor")
        people = [await factories.user(session, org, "trainee") for _ in range(trainees)]
        await session.commit()
    if linked:
        for number, person in enumerate(people):
            await link(db, person, ChatPlatform.TELEGRAM, str(1000 + number))
    return World(org, author, people)


@pytest.fixture
async def world(db: async_sessionmaker[AsyncSession]) -> World:
    return await make_world(db, 3)


async def send_to(
    db: async_sessionmaker[AsyncSession], org: Organization, people: Sequence[User], words: str = "Hello"
) -> list[uuid.UUID]:
    """Enqueue a grading-kind delivery to each person, in one committed transaction."""
    async with PostgresUnitsOfWork(db).open(organization_id=org.id) as uow:
        ids = await deliver(uow, DeliveryKind.GRADING, [Outgoing(p.id, [Reply(text=words)]) for p in people])
        await uow.commit()
    return ids


async def statuses(db: async_sessionmaker[AsyncSession]) -> dict[uuid.UUID, tuple[str, str | None]]:
    async with db() as session:
        rows = await session.execute(text("SELECT user_id, status, failure_reason FROM deliveries"))
        return {row.user_id: (row.status, row.failure_reason) for row in rows}


async def wait_until_final(db: async_sessionmaker[AsyncSession], within: float = 20.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        async with db() as session:
            open_ = await session.scalar(
                text("SELECT count(*) FROM deliveries WHERE status <> ALL(CAST(:final AS text[]))"),
                {"final": list(FINAL)},
            )
        if open_ == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"deliveries still open after {within} s: {await statuses(db)}")


async def run_workers(
    db: async_sessionmaker[AsyncSession],
    database_url: URL,
    backends: Mapping[ChatPlatform, ChatBackend],
    *,
    limits: Limits = FAST,
    workers: int = 1,
    within: float = 20.0,
) -> None:
    """Run `workers` delivery workers in this process until every delivery has ended, then stop them."""
    running = [
        DeliveryWorker(
            asyncpg_dsn(database_url), DeliverySender(PostgresUnitsOfWork(db), backends, limits), heartbeat_timeout=5
        )
        for _ in range(workers)
    ]
    tasks = [asyncio.create_task(worker.run()) for worker in running]
    try:
        await wait_until_final(db, within)
    finally:
        for worker in running:
            worker.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
