"""Throwaway PostgreSQL databases for tests: on the server at TEST_DATABASE_URL, else an embedded one."""

import asyncio
import os
import secrets
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import URL, make_url

from bot import migrate
from bot.database import create_engine
from bot.embedded import EmbeddedPostgres

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def dsn(url: URL) -> str:
    """A URL as asyncpg takes it (no +driver suffix)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def answers(url: URL) -> bool:
    try:
        connection = await asyncpg.connect(dsn(url), timeout=3)
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return False
    await connection.close()
    return True


@asynccontextmanager
async def database_server() -> AsyncIterator[URL]:
    """An administrative URL: TEST_DATABASE_URL (default the local server), or an embedded server."""
    url = make_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_SERVER)).set(drivername="postgresql+asyncpg")
    if await answers(url):
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="learnbot-test-pg-") as data_dir:
        embedded = EmbeddedPostgres(Path(data_dir), database="postgres")
        embedded_url = await asyncio.to_thread(embedded.start)
        try:
            yield embedded_url
        finally:
            await asyncio.to_thread(embedded.stop)


@asynccontextmanager
async def throwaway_database(server: URL, *, migrated: bool = True) -> AsyncIterator[URL]:
    """A new, uniquely named database (migrated to head unless told otherwise), dropped afterwards."""
    name = f"learnbot_test_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(dsn(server))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = server.set(database=name)
    try:
        if migrated:
            engine = create_engine(url, pool_size=1)
            try:
                await migrate.upgrade(engine)
            finally:
                await engine.dispose()
        yield url
    finally:
        admin = await asyncpg.connect(dsn(server))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
