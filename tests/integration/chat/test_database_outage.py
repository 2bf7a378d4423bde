"""When the database connection fails, an update is tried again on a fresh connection, or handed back.

Nothing is half done either way: the failed transaction committed nothing and claimed no update key, so
the platform (a Telegram webhook, the Slack inbox) can deliver it again; the console says to try again.
"""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.chat import texts
from adapters.console.session import ConsoleSession
from bot.bootstrap import Services, build_services
from bot.database import create_engine, create_sessionmaker
from bot.settings import Settings
from domain.errors import DatabaseUnavailable
from tests.integration.chat.conftest import People
from tests.integration.chat.helpers import telegram

UNREACHABLE = make_url("postgresql+asyncpg://learnbot@127.0.0.1:1/learnbot")


@pytest.fixture
async def small_pool(database_url: URL) -> AsyncIterator[AsyncEngine]:
    """An engine of its own whose connections a test may kill: one pooled connection (and one overflow)."""
    engine = create_engine(database_url, pool_size=1)
    yield engine
    await engine.dispose()


def services_on(engine: AsyncEngine, tmp_path: Path) -> Services:
    return build_services(Settings(data_dir=tmp_path), create_sessionmaker(engine))


def backend_pids(engine: AsyncEngine) -> list[int]:
    """The server processes of every connection the engine opens from now on."""
    pids: list[int] = []

    def connected(dbapi_connection: Any, _: object) -> None:
        pids.append(dbapi_connection.driver_connection.get_server_pid())

    event.listen(engine.sync_engine, "connect", connected)
    return pids


async def link_telegram(db: async_sessionmaker[AsyncSession], people: People) -> None:
    async with db() as session, session.begin():
        await session.execute(
            text(
                "INSERT INTO chat_identities (organization_id, user_id, platform, platform_user_id) "
                "VALUES (:org, :user, 'telegram', '1001')"
            ),
            {"org": people.org.id, "user": people.trainee.id},
        )


async def claims(db: async_sessionmaker[AsyncSession], key: str) -> int:
    async with db() as session:
        found: int = await session.scalar(
            text("SELECT count(*) FROM processed_updates WHERE update_key = :key"), {"key": key}
        )
        return found


async def test_an_update_after_the_database_dropped_the_connection_is_answered_as_usual(
    db: async_sessionmaker[AsyncSession], people: People, small_pool: AsyncEngine, tmp_path: Path
) -> None:
    await link_telegram(db, people)
    pids = backend_pids(small_pool)
    chat = services_on(small_pool, tmp_path).chat
    first = await chat.handle(telegram("1001", "my", key="1"))
    assert pids, "the engine opened a connection"
    async with db() as session, session.begin():  # the server goes away under the idle pooled connection
        for pid in pids:
            await session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    again = await chat.handle(telegram("1001", "my", key="2"))
    assert [reply.text for reply in again] == [reply.text for reply in first]
    assert texts.SOMETHING_WENT_WRONG not in [reply.text for reply in again]
    assert await claims(db, "2") == 1


async def test_an_unreachable_database_hands_the_update_back_having_claimed_nothing(
    db: async_sessionmaker[AsyncSession], people: People, tmp_path: Path
) -> None:
    await link_telegram(db, people)
    unreachable = create_engine(UNREACHABLE)
    try:
        with pytest.raises(DatabaseUnavailable):
            await services_on(unreachable, tmp_path).chat.handle(telegram("1001", "my", key="3"))
    finally:
        await unreachable.dispose()
    assert await claims(db, "3") == 0


async def test_the_console_says_to_try_again_when_the_database_is_unreachable(tmp_path: Path) -> None:
    unreachable = create_engine(UNREACHABLE)
    try:
        services = services_on(unreachable, tmp_path)
        said = await ConsoleSession(services.chat, services.codec, "tom@example.com").say("my")
    finally:
        await unreachable.dispose()
    assert said.strip() == texts.DATABASE_UNAVAILABLE
