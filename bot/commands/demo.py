"""`learnbot demo`: the sample organization and course loaded (idempotently), then the console as a trainee."""

import argparse
import sys
from pathlib import Path
from typing import Any

from bot import migrate
from bot.commands.chat import converse
from bot.commands.common import organization_id, tenant
from bot.runtime import Database
from domain.authoring.fileformat import parse_document
from domain.authoring.importer import import_course
from domain.authoring.lifecycle import publish_course
from domain.organizations.org_file import parse_organization_file
from domain.organizations.org_loader import load_organization

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ORGANIZATION_FILE = SAMPLES / "organizations" / "acme.yaml"
COURSE_FILE = SAMPLES / "courses" / "information-security-basics.yaml"
DEMO_PERSON = "tom.trainee@acme.example"

READY = "Demo ready: organization '{slug}' with {people} people, course {code} published."


async def load_samples(db: Database) -> str:
    """Load the sample organization and publish the sample course; loading again changes nothing."""
    await migrate.upgrade(db.engine)
    await migrate.create_audit_partitions(db.engine)
    report = await load_organization(db.units, parse_organization_file(ORGANIZATION_FILE.read_text("utf-8")))
    organization = await organization_id(db, report.slug)
    document = parse_document(COURSE_FILE.read_text("utf-8"), COURSE_FILE.name)
    async with tenant(db, organization) as uow:
        result = await import_course(uow, organization, document)
        await publish_course(uow, result.code)
        await uow.commit()
    people = report.users.created + report.users.updated + report.users.unchanged
    return READY.format(slug=report.slug, people=people, code=result.code)


async def demo(db: Database, args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty()
    ready = await load_samples(db)
    print(ready, file=sys.stdout if interactive else sys.stderr)
    return await converse(db, args.email, interactive)


def register(commands: Any) -> None:
    runner = commands.add_parser("demo", help="load the sample organization and course, then chat as a trainee")
    runner.add_argument(
        "--as", dest="email", default=DEMO_PERSON, metavar="EMAIL", help=f"who to chat as (default {DEMO_PERSON})"
    )
    runner.set_defaults(handler=demo)
