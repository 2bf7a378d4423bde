"""One command, one transaction: run as the runtime role with the tenant set, audit every change."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import TracebackType
from typing import Any, Self

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.events import Event
from domain.models import AuditLog

# Created by migration 0004; neither superuser nor BYPASSRLS, so row-level security applies to it.
RUNTIME_ROLE = "learnbot_app"

ENTER_TENANT = text(
    "SELECT set_config('role', :role, true), set_config('app.current_organization_id', :organization_id, true)"
)

CLAIM_UPDATE = text(
    "INSERT INTO processed_updates (platform, update_key) VALUES (:platform, :update_key) "
    "ON CONFLICT DO NOTHING RETURNING 1"
)


class UnitOfWork:
    """A transaction for one command. Rolls back unless `commit()` is called.

    With `organization_id` the transaction runs as the runtime role with that tenant, so PostgreSQL
    row-level security hides every other organization. `as_owner=True` keeps the connecting role
    (migrations' owner) for administration that spans tenants, such as creating an organization.
    """

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        organization_id: uuid.UUID | None,
        actor_id: uuid.UUID | None = None,
        as_owner: bool = False,
    ) -> None:
        if organization_id is None and not as_owner:
            raise ValueError("a tenant transaction needs an organization_id")
        self._sessionmaker = sessionmaker
        self.organization_id = organization_id
        self.actor_id = actor_id
        self.as_owner = as_owner
        self._committed = False
        self.events: list[Event] = []

    async def __aenter__(self) -> Self:
        self.session = self._sessionmaker()
        if not self.as_owner:
            await self.session.execute(
                ENTER_TENANT, {"role": RUNTIME_ROLE, "organization_id": str(self.organization_id)}
            )
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if not self._committed:
                await self.session.rollback()
        finally:
            await self.session.close()

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
        changes = {"before": jsonable(before), "after": jsonable(after)} if before or after else None
        self.session.add(
            AuditLog(
                organization_id=organization_id or self.organization_id,
                user_id=self.actor_id,
                action=action,
                entity_type=entity_type,
                entity_id=entity_id,
                changes=changes,
            )
        )

    async def claim_update(self, platform: str, update_key: str) -> bool:
        """Record a platform update as handled in this transaction; False if it was handled before.

        A concurrent redelivery waits on this row and then finds it, so the effect happens exactly once;
        if this transaction rolls back, the claim goes with it and a redelivery can try again.
        """
        claimed = await self.session.scalar(CLAIM_UPDATE, {"platform": platform, "update_key": update_key})
        return claimed is not None

    def emit(self, event: Event) -> None:
        """Raise a domain event; its handlers run in this same transaction, before commit."""
        self.events.append(event)

    async def commit(self) -> None:
        if self._committed:
            raise RuntimeError("this unit of work was already committed; start a new one")
        await self.session.commit()
        self._committed = True


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
