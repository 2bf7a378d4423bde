"""`learnbot demo`: the sample organization and course loaded (idempotently), then the console as a trainee."""

import argparse
import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from aiohttp import web
from sqlalchemy import text

from bot import migrate
from bot.bootstrap import build_services
from bot.commands.chat import converse
from bot.commands.common import operator, organization_id
from bot.runtime import Database
from bot.settings import get_settings
from bot.web import create_app
from domain.authoring.fileformat import parse_document
from domain.authoring.operations import ImportCourse, PublishCourse
from domain.organizations.org_file import parse_organization_file
from domain.organizations.org_loader import load_organization

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ORGANIZATION_FILE = SAMPLES / "organizations" / "acme.yaml"
COURSE_FILE = SAMPLES / "courses" / "information-security-basics.yaml"
DEMO_PERSON = "tom.trainee@acme.example"

READY = "Demo ready: organization '{slug}' with {people} people, course {code} published."
SERVING = "Certificate pages are served at {url} while the demo runs."
NOT_SERVING = "Certificate pages are not served ({reason}); links point at LEARNBOT_PUBLIC_URL or {url}."
YOUR_CERTIFICATE = "Your certificate: {url}"
KEEP_SERVING = "Open it in a browser; press Enter (or Ctrl-D) to stop serving it."

NEWEST_CERTIFICATE = text("""
SELECT c.verification_token FROM certificates c
JOIN enrollments e ON e.id = c.enrollment_id JOIN users u ON u.id = e.trainee_id
WHERE lower(u.email) = lower(:email) AND c.revoked_at IS NULL ORDER BY c.issued_at DESC LIMIT 1
""")


async def load_samples(db: Database) -> str:
    """Load the sample organization and publish the sample course; loading again changes nothing."""
    await migrate.upgrade(db.engine)
    await migrate.create_audit_partitions(db.engine)
    report = await load_organization(db.units, parse_organization_file(ORGANIZATION_FILE.read_text("utf-8")))
    organization = await organization_id(db, report.slug)
    document = parse_document(COURSE_FILE.read_text("utf-8"), COURSE_FILE.name)
    bus = operator(db)
    result = await bus.handle_as_operator(organization, ImportCourse(document=document))
    await bus.handle_as_operator(organization, PublishCourse(course_code=result.code))
    people = report.users.created + report.users.updated + report.users.unchanged
    return READY.format(slug=report.slug, people=people, code=result.code)


@contextlib.asynccontextmanager
async def certificate_pages(db: Database, note: Any) -> AsyncIterator[bool]:
    """The web app (certificate pages) on LEARNBOT_HOST:LEARNBOT_PORT while the demo runs, unless
    LEARNBOT_PUBLIC_URL says they are served elsewhere; yields whether it serves them."""
    settings = get_settings()
    if settings.public_url:
        yield False
        return
    runner = web.AppRunner(create_app(build_services(settings, db.sessionmaker)), access_log=None)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, settings.host, settings.port).start()
        except OSError as error:
            print(NOT_SERVING.format(reason=error.strerror or error, url=settings.public_base_url), file=note)
            yield False
            return
        print(SERVING.format(url=f"{settings.public_base_url}/certificates/..."), file=note)
        yield True
    finally:
        await runner.cleanup()


async def newest_certificate(db: Database, email: str) -> str | None:
    async with db.units.open(organization_id=None, as_owner=True) as uow:
        token = await uow.session.scalar(NEWEST_CERTIFICATE, {"email": email})
    return None if token is None else f"{get_settings().public_base_url}/certificates/{token}"


async def demo(db: Database, args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty()
    note = sys.stdout if interactive else sys.stderr
    ready = await load_samples(db)
    print(ready, file=note)
    async with certificate_pages(db, note) as serving:
        status = await converse(db, args.email, interactive)
        link = await newest_certificate(db, args.email)
        if link is not None:
            print(YOUR_CERTIFICATE.format(url=link))
            if serving and interactive:
                print(KEEP_SERVING)
                await asyncio.to_thread(sys.stdin.readline)
    return status


def register(commands: Any) -> None:
    runner = commands.add_parser("demo", help="load the sample organization and course, then chat as a trainee")
    runner.add_argument(
        "--as", dest="email", default=DEMO_PERSON, metavar="EMAIL", help=f"who to chat as (default {DEMO_PERSON})"
    )
    runner.set_defaults(handler=demo)
