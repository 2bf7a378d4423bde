"""The `learnbot` command line."""

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence

from pydantic import ValidationError
from sqlalchemy import text

from bot import migrate
from bot.database import describe
from bot.errors import StartupError
from bot.runtime import Database, open_database
from bot.settings import Settings

Command = Callable[[Database, argparse.Namespace], Awaitable[int]]


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


async def db_upgrade(db: Database, args: argparse.Namespace) -> int:
    await migrate.upgrade(db.engine, args.revision)
    print(f"database at revision {await migrate.current_revision(db.engine)}")
    return 0


async def db_downgrade(db: Database, args: argparse.Namespace) -> int:
    await migrate.downgrade(db.engine, args.revision)
    print(f"database at revision {await migrate.current_revision(db.engine) or 'base (empty)'}")
    return 0


async def db_current(db: Database, args: argparse.Namespace) -> int:
    current = await migrate.current_revision(db.engine)
    head = migrate.head_revision()
    state = "up to date" if current == head else f"head is {head}; run `learnbot db upgrade`"
    print(f"{current or 'base (empty)'} ({state})")
    return 0


async def db_partitions(db: Database, args: argparse.Namespace) -> int:
    created = await migrate.create_audit_partitions(db.engine, args.months)
    print(f"audit_logs partitions: {created} created, this month and {args.months} ahead exist")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="learnbot",
        description="LearnBot: courses, quizzes and certificates in Slack, Telegram and the terminal.",
        epilog="With DATABASE_URL unset, an embedded PostgreSQL under ./.learnbot is used.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    parser.set_defaults(handler=run_bot)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    commands.add_parser("run", help="migrate the database and run the bot (the default)").set_defaults(handler=run_bot)
    db = commands.add_parser("db", help="database schema commands").add_subparsers(metavar="ACTION", required=True)
    up = db.add_parser("upgrade", help="migrate to the newest revision (or REVISION)")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(handler=db_upgrade)
    down = db.add_parser("downgrade", help="migrate back to REVISION ('base' empties the database)")
    down.add_argument("revision")
    down.set_defaults(handler=db_downgrade)
    db.add_parser("current", help="show the database's revision").set_defaults(handler=db_current)
    parts = db.add_parser("partitions", help="create the coming months' audit_logs partitions")
    parts.add_argument("--months", type=int, default=2, choices=range(0, 25), metavar="N")
    parts.set_defaults(handler=db_partitions)
    return parser


async def dispatch(settings: Settings, handler: Command, args: argparse.Namespace) -> int:
    async with open_database(settings) as db:
        return await handler(db, args)


def env_name(location: tuple[int | str, ...]) -> str:
    """The environment variable behind a settings field, for error messages."""
    path = [str(part).upper() for part in location]
    if path == ["DATABASE_URL"] or path[0] in {"TELEGRAM", "SLACK"}:
        return "_".join(path)
    return "LEARNBOT_" + "_".join(path)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{env_name(e['loc'])}: {e['msg']}" for e in exc.errors())
        print(f"learnbot: invalid configuration: {problems}", file=sys.stderr)
        return 2
    try:
        return asyncio.run(dispatch(settings, args.handler, args))
    except StartupError as exc:
        print(f"learnbot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
