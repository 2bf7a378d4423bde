"""`learnbot run` (the default): migrate, prepare, and run the bot."""

import argparse
from typing import Any

from sqlalchemy import text

from bot import migrate
from bot.database import describe
from bot.runtime import Database


async def run_bot(db: Database, args: argparse.Namespace) -> int:
    """Migrate, prepare the audit partitions and report that LearnBot is ready."""
    await migrate.upgrade(db.engine)
    await migrate.create_audit_partitions(db.engine)
    async with db.engine.connect() as connection:
        tables = await connection.scalar(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename !~ '^audit_logs_'")
        )
    where = "embedded PostgreSQL" if db.embedded else describe(db.engine.url)
    print(f"LearnBot is ready: {where}, schema at {await migrate.current_revision(db.engine)}, {tables} tables.")
    print("No chat platform is wired up yet; the console and the Slack and Telegram adapters come next.")
    return 0


def register(commands: Any) -> None:
    commands.add_parser("run", help="migrate the database and run the bot (the default)").set_defaults(handler=run_bot)
