"""Fixtures: one migrated throwaway database per test run, emptied after each test that writes."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import event_loop
from bot.database import create_engine, create_sessionmaker
from tests.support.databases import database_server, throwaway_database

# Tests run on the loop `learnbot serve` runs on.
asyncio.set_event_loop_policy(event_loop.policy())


@pytest.fixture(scope="session")
async def server_url() -> AsyncIterator[URL]:
    async with database_server() as url:
        yield url


@pytest.fixture(scope="session")
async def database_url(server_url: URL) -> AsyncIterator[URL]:
    async with throwaway_database(server_url) as url:
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: URL) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=10)
    yield engine
    await engine.dispose()


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A session factory on the shared test database; every table is emptied after the test."""
    yield create_sessionmaker(engine)
    async with engine.begin() as connection:
        tables = await connection.scalars(
            text(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename <> 'alembic_version' AND tablename !~ '^audit_logs_'"
            )
        )
        await connection.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
