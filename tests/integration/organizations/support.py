"""Shared steps for the organization tests: organizations made through the domain, reads as the owner."""

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.models import AuditLog, User
from domain.organizations.commands import CreateOrganization, SaveDepartment
from domain.organizations.departments import save_department
from domain.organizations.organizations import create_organization
from domain.unit_of_work import UnitOfWork
from infrastructure.unit_of_work import PostgresUnitOfWork

Db = async_sessionmaker[AsyncSession]

HEADER = "employee_id,email,first_name,last_name,department_code,role,phone,position\n"


async def new_organization(db: Db, slug: str = "acme", *departments: str) -> uuid.UUID:
    """An organization created as the command line does, with departments of these codes."""
    async with PostgresUnitOfWork(db, organization_id=None, as_owner=True) as uow:
        organization = await create_organization(uow, CreateOrganization(name=slug.title(), slug=slug))
        await uow.commit()
    async with tenant(db, organization.id) as uow:
        for code in departments:
            await save_department(uow, SaveDepartment(code=code, name=f"Department {code}"))
        await uow.commit()
    return organization.id


def tenant(db: Db, organization_id: uuid.UUID, actor_id: uuid.UUID | None = None) -> UnitOfWork:
    return PostgresUnitOfWork(db, organization_id=organization_id, actor_id=actor_id)


async def people(db: Db, organization_id: uuid.UUID) -> dict[str, User]:
    """Everyone of the organization by email, read as the owner (no row-level security)."""
    async with db() as session:
        users = await session.scalars(select(User).where(User.organization_id == organization_id))
        return {user.email: user for user in users}


async def audit_rows(db: Db, action: str, **filters: Any) -> list[AuditLog]:
    async with db() as session:
        query = select(AuditLog).where(AuditLog.action == action).filter_by(**filters).order_by(AuditLog.id)
        return list(await session.scalars(query))
