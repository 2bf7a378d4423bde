"""Who is acting: the user behind a command, with their role, and the role checks every area uses."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import NotRegistered, PermissionDenied
from domain.models import User
from domain.models.enums import Role

NOT_REGISTERED = "You are not registered with LearnBot. Please ask your administrator to add you."
DEACTIVATED = "Your LearnBot account is deactivated. Please ask your administrator if this is a mistake."


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID
    organization_id: uuid.UUID
    role: Role
    department_id: uuid.UUID | None
    name: str

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_staff(self) -> bool:
        """Instructors and admins."""
        return self.role in (Role.ADMIN, Role.INSTRUCTOR)

    def require_staff(self, doing: str) -> None:
        if not self.is_staff:
            raise PermissionDenied(f"Only instructors and admins can {doing}.")

    def require_admin(self, doing: str) -> None:
        if not self.is_admin:
            raise PermissionDenied(f"Only admins can {doing}.")

    def may_manage_course(self, instructor_id: uuid.UUID) -> bool:
        """Admins manage every course of their organization; instructors their own."""
        return self.is_admin or (self.role is Role.INSTRUCTOR and instructor_id == self.user_id)


async def load_actor(session: AsyncSession, user_id: uuid.UUID) -> Actor:
    """The acting user, visible only inside their own tenant's transaction."""
    user = await session.get(User, user_id)
    if user is None:
        return actor_from_row(None)
    return actor_from_row(
        {column: getattr(user, column) for column in ("id", "organization_id", "role", "department_id", "is_active")}
        | {"name": user.full_name}
    )


def actor_from_row(row: Mapping[str, Any] | None) -> Actor:
    """The actor from a users row's id, organization_id, role, department_id, is_active and name.

    For handlers that load the acting user inside their own statement (see messagebus.loads_actor_itself):
    the unknown and the deactivated are refused here, exactly as load_actor refuses them.
    """
    if row is None or row["organization_id"] is None:
        raise NotRegistered(NOT_REGISTERED)
    if row["is_active"] is False:
        raise NotRegistered(DEACTIVATED)
    return Actor(
        user_id=row["id"],
        organization_id=row["organization_id"],
        role=Role(row["role"]),
        department_id=row["department_id"],
        name=str(row["name"]).strip(),
    )
