"""Test data for authoring: an organization shaped like the sample one, the sample course, imports and counts."""

import copy
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.authoring.fileformat import parse_document
from domain.authoring.importer import ImportResult, import_course
from domain.models import AuditLog, Department, Organization, Progress, User
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.support import factories

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "courses" / "information-security-basics.yaml"
SAMPLE_INSTRUCTOR = "irene.instructor@acme.example"

Sessions = async_sessionmaker[AsyncSession]


def sample_document() -> dict[str, Any]:
    """A fresh copy of the sample course, safe to change."""
    return copy.deepcopy(parse_document(SAMPLE.read_text(encoding="utf-8"), SAMPLE.name))


@dataclass(frozen=True)
class Tenant:
    organization: Organization
    department: Department
    instructor: User
    trainee: User

    @property
    def id(self) -> uuid.UUID:
        return self.organization.id


async def tenant(db: Sessions, instructor_email: str = SAMPLE_INSTRUCTOR) -> Tenant:
    """An organization with the department IT, an instructor and a trainee, as the sample course expects."""
    async with db() as session:
        organization = await factories.organization(session)
        department = await factories.department(session, organization, code="IT", name="Information Technology")
        instructor = await factories.user(
            session, organization, "instructor", email=instructor_email, department_id=department.id
        )
        trainee = await factories.user(session, organization, "trainee", department_id=department.id)
        await session.commit()
    return Tenant(organization, department, instructor, trainee)


async def run_import(db: Sessions, organization_id: uuid.UUID, document: Any) -> ImportResult:
    async with PostgresUnitOfWork(db, organization_id=organization_id) as uow:
        result = await import_course(uow, organization_id, document)
        await uow.commit()
    return result


async def audit_actions(db: Sessions) -> list[str]:
    async with db() as session:
        return list(await session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


async def count(db: Sessions, model: type[Any]) -> int:
    async with db() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def add_progress(
    db: Sessions, enrollment_id: uuid.UUID, module_id: uuid.UUID, content_id: uuid.UUID | None
) -> uuid.UUID:
    async with db() as session:
        row = Progress(enrollment_id=enrollment_id, module_id=module_id, content_id=content_id, status="completed")
        session.add(row)
        await session.commit()
        return row.id
