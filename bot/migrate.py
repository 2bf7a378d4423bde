"""Alembic driven from code: upgrade, downgrade and current on an engine, each in one transaction."""

from collections.abc import Callable
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.database import describe, reason
from bot.errors import StartupError
from migrations import MIGRATIONS_DIR


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


async def current_revision(engine: AsyncEngine) -> str | None:
    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(read)


async def _run(engine: AsyncEngine, action: Callable[[Config], Any], what: str) -> None:
    config = alembic_config()

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        action(config)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    except DBAPIError as exc:
        before = await current_revision(engine)
        raise StartupError(
            f"{what} failed on {describe(engine.url)}: {reason(exc.orig or exc)}; "
            f"nothing was changed, the database is still at revision {before or 'base (empty)'}"
        ) from None


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    await _run(engine, lambda config: command.upgrade(config, revision), f"upgrade to {revision}")


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    if revision not in known_revisions() | {"base"} and not revision.startswith("-"):
        raise StartupError(f"unknown revision '{revision}'; known: base, {', '.join(sorted(known_revisions()))}")
    await _run(engine, lambda config: command.downgrade(config, revision), f"downgrade to {revision}")


async def create_audit_partitions(engine: AsyncEngine, months_ahead: int = 2) -> int:
    """Create this month's and the next months' audit_logs partitions; returns how many were new."""
    async with engine.begin() as connection:
        created = await connection.scalar(text("SELECT create_audit_log_partitions(:n)"), {"n": months_ahead})
    return int(created or 0)
