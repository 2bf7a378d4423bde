"""What several command-line areas share: the engine's bus for an operator, finding an organization by its slug,
and a tenant transaction for the few commands that are not engine operations (invites, Slack workspaces)."""

import uuid
from typing import Any, overload

from bot.bootstrap import engine_bus
from bot.runtime import Database
from bot.settings import get_settings
from domain.command import Command, Operation, Result
from domain.messagebus import MessageBus
from domain.organizations.operations import FindOrganization
from domain.unit_of_work import UnitOfWork
from infrastructure.unit_of_work import PostgresUnitOfWork


def operator(db: Database) -> MessageBus:
    """The engine's message bus for the command line, where an operator acts (no chat user)."""
    return engine_bus(get_settings(), db.units)


async def organization_id(db: Database, slug: str) -> uuid.UUID:
    """The id of the organization with this slug (looked up as the owner: no tenant is known yet)."""
    return await operator(db).handle_as_operator(None, FindOrganization(slug=slug))


@overload
async def in_organization(db: Database, slug: str, command: Operation[Result]) -> Result: ...


@overload
async def in_organization(db: Database, slug: str, command: Command) -> Any: ...


async def in_organization(db: Database, slug: str, command: Command) -> Any:
    """Run an operator's command in the organization with this slug; what its handler gives."""
    bus = operator(db)
    organization = await bus.handle_as_operator(None, FindOrganization(slug=slug))
    return await bus.handle_as_operator(organization, command)


def tenant(db: Database, organization: uuid.UUID, actor_id: uuid.UUID | None = None) -> UnitOfWork:
    """A transaction inside one organization, as the runtime role (row-level security applies)."""
    return PostgresUnitOfWork(db.sessionmaker, organization_id=organization, actor_id=actor_id)
