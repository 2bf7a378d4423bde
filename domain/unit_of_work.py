"""One command, one transaction: what the engine asks of it. infrastructure.unit_of_work implements it on PostgreSQL.

The rule for every statement the engine runs: hot statements on the driver; everything else through the ORM.
A statement that runs on every chat update or step through a course (finding the sender, continue, done,
answering) is a named text() statement run with `uow.fetch` (on asyncpg's connection, about a tenth of
SQLAlchemy's CPU per statement); anything else (authoring, administration, reports) goes through
`uow.session`, the ORM, where clarity is worth more than the round trip's microseconds.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from types import TracebackType
from typing import Any, Protocol

from sqlalchemy import TextClause
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.events import Event


@dataclass(frozen=True)
class Sender:
    """A linked chat identity: who is writing, in which organization, and the prompt their next text answers."""

    identity_id: uuid.UUID
    user_id: uuid.UUID
    organization_id: uuid.UUID
    pending_action: str | None = None
    pending_since: datetime | None = None


@dataclass(frozen=True)
class KnownSender:
    sender: Sender
    # False: the update key was handled before (a redelivery), so nothing more may happen.
    claimed: bool


class UnitOfWork(Protocol):
    """A transaction for one command, with its tenant set; rolls back unless `commit()` is called."""

    session: AsyncSession
    organization_id: uuid.UUID | None
    actor_id: uuid.UUID | None
    # Runs as the connecting role (administration across tenants), not in a tenant.
    as_owner: bool
    events: list[Event]

    async def __aenter__(self) -> "UnitOfWork": ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def record(
        self,
        action: str,
        entity_type: str,
        entity_id: uuid.UUID | None,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        organization_id: uuid.UUID | None = None,
    ) -> None:
        """Add the audit-log row for a change; it commits or rolls back with the change itself."""

    async def fetch(self, statement: TextClause, parameters: Mapping[str, Any]) -> list[Any]:
        """The rows of a hot text statement, run on the driver's connection in this transaction."""
        ...

    async def fetch_one(self, statement: TextClause, parameters: Mapping[str, Any]) -> Any:
        """The first row of `fetch`, or None."""

    async def claim_update(self, platform: str, update_key: str) -> bool:
        """Record a platform update as handled in this transaction; False if it was handled before."""
        ...

    async def enter_as_sender(
        self, platform: str, workspace_id: str, platform_user_id: str, update_key: str | None
    ) -> KnownSender | None:
        """In a unit of work opened with tenant_later: find the linked sender, enter their organization and claim
        the update, in one statement; None (nothing entered or claimed) for someone not linked."""
        ...

    def enter_tenant(self, organization_id: uuid.UUID, actor_id: uuid.UUID | None) -> None:
        """Record the tenant that a statement of this transaction set itself."""

    async def enqueue(self, entrypoint: str, payloads: Sequence[bytes], after: timedelta | None = None) -> None:
        """Queue background jobs (the delivery outbox's) in this transaction: they exist once it commits."""
        ...

    def emit(self, event: Event) -> None:
        """Raise a domain event; its handlers run in this same transaction, before commit."""

    async def commit(self) -> None: ...

    async def commit_so_far(self) -> None:
        """Commit what was done so far and go on in a new transaction on the same connection (same tenant), begun
        by the next fetch, enqueue or commit (not by a statement on `session` directly)."""
        ...


class UnitsOfWork(Protocol):
    """Opens units of work: the engine's one way to a transaction (the composition root gives the real one)."""

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]: ...

    def open(
        self,
        *,
        organization_id: uuid.UUID | None,
        actor_id: uuid.UUID | None = None,
        as_owner: bool = False,
        tenant_later: bool = False,
    ) -> UnitOfWork:
        """A unit of work in the tenant `organization_id` (row-level security applies); `as_owner` keeps the
        connecting role for administration across tenants; `tenant_later` begins with no tenant, for
        `enter_as_sender`."""
        ...

    async def claim_update(self, platform: str, update_key: str) -> bool:
        """Record an update as handled on its own (no command ran for it); False when it was handled before."""
        ...

    def connection_lost(self, error: BaseException) -> bool:
        """The database could not be reached or the connection failed: nothing was committed, try again."""
        ...


def jsonable(value: Any) -> Any:
    """Values as JSON can hold them: UUIDs, times, decimals and enums become strings."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value
