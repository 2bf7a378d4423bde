"""Alembic environment: runs on a connection handed over by bot.migrate, or on sqlalchemy.url."""

import asyncio

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from domain.models import Base
from migrations import include_object

config = context.config
target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        compare_type=True,
        compare_server_default=True,
    )
    # One transaction for the whole run: PostgreSQL DDL is transactional, so a failing
    # migration leaves the database exactly as it was.
    with context.begin_transaction():
        context.run_migrations()


async def run_with_url(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(run_on)
    await engine.dispose()


handed_over = config.attributes.get("connection")
if handed_over is not None:
    run_on(handed_over)
else:
    asyncio.run(run_with_url(config.get_main_option("sqlalchemy.url") or ""))
