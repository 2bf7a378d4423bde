"""Opening the configured database: the server at DATABASE_URL, or the embedded one when it is unset."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.database import create_engine, create_sessionmaker, ensure_reachable, parse_database_url
from bot.embedded import EmbeddedPostgres
from bot.settings import Settings
from infrastructure.unit_of_work import PostgresUnitsOfWork


@dataclass(frozen=True)
class Database:
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    embedded: bool

    @property
    def units(self) -> PostgresUnitsOfWork:
        """Units of work on this database: how the command line and the jobs enter the engine."""
        return PostgresUnitsOfWork(self.sessionmaker)


@asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[Database]:
    embedded: EmbeddedPostgres | None = None
    if settings.database_url is not None:
        password = settings.database_password.get_secret_value() if settings.database_password else None
        url = parse_database_url(settings.database_url.get_secret_value(), password)
    else:
        embedded = EmbeddedPostgres(settings.data_dir)
        url = await asyncio.to_thread(embedded.start)
    try:
        engine = create_engine(url, settings.db_pool_size)
        try:
            await ensure_reachable(engine)
            yield Database(engine, create_sessionmaker(engine), embedded is not None)
        finally:
            await engine.dispose()
    finally:
        if embedded is not None:
            await asyncio.to_thread(embedded.stop)
