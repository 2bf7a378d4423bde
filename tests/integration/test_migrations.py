"""Migrations: up, down and up again; no drift from the models; failures leave nothing half-done."""

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import migrate
from bot.database import create_engine
from bot.errors import StartupError
from domain.models import Base
from migrations import include_object
from tests.support.databases import dsn, throwaway_database

CHECK_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_schema.py"
SEED_TABLES = 20
# chat_identities, processed_updates (0003); invites, slack_workspaces, conversation_states, telegram_polls,
# chat_inbox (0005); organization_keys (0011)
BOT_TABLES = 8
# Migration 0012: deliveries, delivery_rate_slots, and pgqueuer's four job-queue tables.
BOT_TABLES += 6
# Migration 0016: reminder_mutes.
BOT_TABLES += 1


async def table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        rows = await connection.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename !~ '^audit_logs_'")
        )
        return set(rows)


async def test_upgrade_downgrade_and_upgrade_again_on_an_empty_database(server_url: URL) -> None:
    async with throwaway_database(server_url, migrated=False) as url:
        engine = create_engine(url, pool_size=1)
        try:
            await migrate.upgrade(engine)
            assert await migrate.current_revision(engine) == migrate.head_revision()
            assert len(await table_names(engine) - {"alembic_version"}) == SEED_TABLES + BOT_TABLES

            await migrate.downgrade(engine, "base")
            assert await migrate.current_revision(engine) is None
            assert await table_names(engine) <= {"alembic_version"}
            async with engine.connect() as connection:
                leftovers = await connection.scalar(
                    text(
                        "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                        "WHERE n.nspname = current_schema()"
                    )
                )
            assert leftovers == 0

            await migrate.upgrade(engine)
            assert await migrate.current_revision(engine) == migrate.head_revision()
        finally:
            await engine.dispose()


async def test_models_and_migrations_do_not_drift(engine: AsyncEngine) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection,
            opts={"include_object": include_object, "compare_type": True, "compare_server_default": True},
        )
        return list(compare_metadata(context, Base.metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


@pytest.mark.skipif(not CHECK_SCHEMA.exists(), reason="shared/tools/check_schema.py is not beside the project")
def test_the_seed_schema_checker_finds_nothing_falling_short(database_url: URL) -> None:
    result = subprocess.run(
        [sys.executable, str(CHECK_SCHEMA), dsn(database_url)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 fall short" in result.stdout


async def test_a_failing_upgrade_leaves_the_database_as_it_was(server_url: URL) -> None:
    async with throwaway_database(server_url, migrated=False) as url:
        engine = create_engine(url, pool_size=1)
        try:
            async with engine.begin() as connection:
                await connection.execute(text("CREATE TABLE messages (id int)"))  # collides with migration 0001
            with pytest.raises(StartupError, match=r"upgrade to head failed.*still at revision base"):
                await migrate.upgrade(engine)
            assert await table_names(engine) == {"messages"}
            assert await migrate.current_revision(engine) is None
        finally:
            await engine.dispose()


async def test_a_failing_downgrade_leaves_the_database_at_head(server_url: URL) -> None:
    async with throwaway_database(server_url) as url:
        engine = create_engine(url, pool_size=1)
        try:
            async with engine.begin() as connection:
                # A view made outside the migrations blocks dropping announcements in 0001's downgrade.
                await connection.execute(text("CREATE VIEW pinned AS SELECT * FROM announcements WHERE is_pinned"))
            with pytest.raises(StartupError, match="downgrade to base failed"):
                await migrate.downgrade(engine, "base")
            assert await migrate.current_revision(engine) == migrate.head_revision()
            async with engine.connect() as connection:
                policies = await connection.scalar(text("SELECT count(*) FROM pg_policy"))
            assert policies is not None
            assert policies > 20, "the security revision's policies must still be there"
        finally:
            await engine.dispose()


async def test_downgrade_to_an_unknown_revision_is_refused(engine: AsyncEngine) -> None:
    with pytest.raises(StartupError, match="unknown revision 'nope'"):
        await migrate.downgrade(engine, "nope")
