"""The sample organization and course (samples/) loaded into a database, with invites for Telegram linking."""

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.authoring.fileformat import parse_document
from domain.authoring.importer import import_course
from domain.authoring.lifecycle import publish_course
from domain.models import Invite, Organization, User
from domain.organizations.org_file import parse_organization_file
from domain.organizations.org_loader import load_organization
from infrastructure.unit_of_work import PostgresUnitOfWork, PostgresUnitsOfWork

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
ORGANIZATION_FILE = SAMPLES / "organizations" / "acme.yaml"
COURSE_FILE = SAMPLES / "courses" / "information-security-basics.yaml"
COURSE_CODE = "SEC-101"
INSTRUCTOR = "irene.instructor@acme.example"
ADMIN = "ada.admin@acme.example"
TRAINEE = "tom.trainee@acme.example"


@dataclass(frozen=True)
class Demo:
    organization_id: uuid.UUID
    sessionmaker: async_sessionmaker[AsyncSession]

    async def invite(self, email: str) -> str:
        """A fresh invite code for the person, as `learnbot invite` makes one."""
        code = secrets.token_urlsafe(12)
        async with PostgresUnitOfWork(self.sessionmaker, organization_id=self.organization_id) as uow:
            user_id = await uow.session.scalar(select(User.id).where(User.email == email))
            if user_id is None:
                raise LookupError(email)
            expires = datetime.now(UTC) + timedelta(days=1)
            uow.session.add(
                Invite(code=code, organization_id=self.organization_id, user_id=user_id, expires_at=expires)
            )
            await uow.commit()
        return code

    async def reimport_course(self, change: Callable[[Any], object]) -> None:
        """The sample course imported again with `change` made to its file (progress on kept items stays)."""
        await import_course_file(self, change)

    async def add_trainees(self, count: int) -> list[str]:
        """More trainees in department IT (the sample course's audience); their emails."""
        emails = [f"bench.trainee.{n}@acme.example" for n in range(count)]
        async with PostgresUnitOfWork(self.sessionmaker, organization_id=self.organization_id) as uow:
            for n, email in enumerate(emails):
                uow.session.add(
                    User(
                        organization_id=self.organization_id,
                        employee_id=f"BENCH-{n:05d}",
                        username=f"bench{n}",
                        email=email,
                        password_hash="!",
                        first_name="Bench",
                        last_name=f"Trainee {n}",
                        role="trainee",
                    )
                )
            await uow.commit()
        return emails


async def import_course_file(demo: "Demo", change: Callable[[Any], object] | None = None) -> None:
    """Import (or re-import) the sample course, changed first by `change`, and publish it."""
    document = parse_document(COURSE_FILE.read_text(), COURSE_FILE.name)
    if change is not None:
        change(document)
    async with PostgresUnitOfWork(demo.sessionmaker, organization_id=demo.organization_id) as uow:
        await import_course(uow, demo.organization_id, document)
        await publish_course(uow, COURSE_CODE)
        await uow.commit()


async def load_demo(sessionmaker: async_sessionmaker[AsyncSession]) -> Demo:
    """The sample organization with its people, and the sample course imported and published."""
    report = await load_organization(
        PostgresUnitsOfWork(sessionmaker), parse_organization_file(ORGANIZATION_FILE.read_text())
    )
    async with PostgresUnitOfWork(sessionmaker, organization_id=None, as_owner=True) as uow:
        organization_id = await uow.session.scalar(select(Organization.id).where(Organization.slug == report.slug))
    if organization_id is None:
        raise LookupError(report.slug)
    demo = Demo(organization_id, sessionmaker)
    await import_course_file(demo)
    return demo
