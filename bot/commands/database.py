"""`learnbot db ...`: schema migrations and audit-log partitions."""

import argparse
from typing import Any

from bot import migrate
from bot.runtime import Database


async def upgrade(db: Database, args: argparse.Namespace) -> int:
    await migrate.upgrade(db.engine, args.revision)
    print(f"database at revision {await migrate.current_revision(db.engine)}")
    return 0


async def downgrade(db: Database, args: argparse.Namespace) -> int:
    await migrate.downgrade(db.engine, args.revision)
    print(f"database at revision {await migrate.current_revision(db.engine) or 'base (empty)'}")
    return 0


async def current(db: Database, args: argparse.Namespace) -> int:
    revision = await migrate.current_revision(db.engine)
    head = migrate.head_revision()
    state = "up to date" if revision == head else f"head is {head}; run `learnbot db upgrade`"
    print(f"{revision or 'base (empty)'} ({state})")
    return 0


async def partitions(db: Database, args: argparse.Namespace) -> int:
    created = await migrate.create_audit_partitions(db.engine, args.months)
    print(f"audit_logs partitions: {created} created; this month and the next {args.months} exist")
    return 0


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="database schema commands").add_subparsers(metavar="ACTION", required=True)
    up = db.add_parser("upgrade", help="migrate to the newest revision (or REVISION)")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(handler=upgrade)
    down = db.add_parser("downgrade", help="migrate back to REVISION ('base' empties the database)")
    down.add_argument("revision")
    down.set_defaults(handler=downgrade)
    db.add_parser("current", help="show the database's revision").set_defaults(handler=current)
    parts = db.add_parser("partitions", help="create the coming months' audit_logs partitions")
    parts.add_argument("--months", type=int, default=2, choices=range(0, 25), metavar="N")
    parts.set_defaults(handler=partitions)
