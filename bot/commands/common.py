"""What several command-line areas share: finding an organization, opening a tenant transaction."""

import uuid

from sqlalchemy import select

from bot.runtime import Database
from domain.errors import NotFound
from domain.models import Organization
from domain.unit_of_work import UnitOfWork
from infrastructure.unit_of_work import PostgresUnitOfWork


async def organization_id(db: Database, slug: str) -> uuid.UUID:
    """The id of the organization with this slug (looked up as the owner: no tenant is known yet)."""
    async with PostgresUnitOfWork(db.sessionmaker, organization_id=None, as_owner=True) as uow:
        found = await uow.session.scalar(select(Organization.id).where(Organization.slug == slug))
    if found is None:
        raise NotFound(f"No organization has the slug '{slug}'. `learnbot org list` shows them.")
    return found


def tenant(db: Database, organization: uuid.UUID, actor_id: uuid.UUID | None = None) -> UnitOfWork:
    """A transaction inside one organization, as the runtime role (row-level security applies)."""
    return PostgresUnitOfWork(db.sessionmaker, organization_id=organization, actor_id=actor_id)
