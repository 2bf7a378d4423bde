"""What the command line asks of organizations, their departments and people, as an operator's operations.

Finding, creating and listing organizations span tenants, so they run as the owner (handle_as_operator with no
organization); the rest run in the organization's tenant.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from domain.command import Command, Operation
from domain.errors import Conflict, NotFound
from domain.messagebus import OperationHandler, Undone
from domain.models import Invite, Organization, User
from domain.organizations import texts
from domain.organizations.commands import (
    AddUser,
    CreateOrganization,
    DeactivateUser,
    ReactivateUser,
    SaveDepartment,
    SetUserRole,
)
from domain.organizations.departments import DepartmentSummary, list_departments, save_department
from domain.organizations.organizations import OrganizationSummary, create_organization, list_organizations
from domain.organizations.people import UserSummary, add_user, find_user, list_users, set_active, set_role
from domain.organizations.user_import import ImportResult, import_users
from domain.organizations.user_rows import RowError, UserRow
from domain.unit_of_work import UnitOfWork


class FindOrganization(Operation[uuid.UUID]):
    """The id of the organization with this slug (as the owner: no tenant is known yet)."""

    slug: str


class ListOrganizations(Operation[list[OrganizationSummary]]):
    pass


class ImportUsers(Operation[ImportResult]):
    """Create or update people from rows of an HR export; `invalid` are rows parsing refused already. `strict`:
    any error keeps nothing."""

    rows: tuple[UserRow, ...]
    invalid: tuple[RowError, ...] = ()
    strict: bool = False


class ListUsers(Operation[list[UserSummary]]):
    pass


class ListDepartments(Operation[list[DepartmentSummary]]):
    pass


class InvitePerson(Operation[User]):
    """A one-time invite that links the person's chat account (the code is made and shown by the caller)."""

    email: str
    code: str
    expires_at: datetime


async def finding_organization(uow: UnitOfWork, command: FindOrganization) -> uuid.UUID:
    found = await uow.session.scalar(select(Organization.id).where(Organization.slug == command.slug))
    if found is None:
        raise NotFound(texts.NO_SUCH_SLUG.format(slug=command.slug))
    return found


async def creating_organization(uow: UnitOfWork, command: CreateOrganization) -> Organization:
    return await create_organization(uow, command)


async def listing_organizations(uow: UnitOfWork, command: ListOrganizations) -> list[OrganizationSummary]:
    return await list_organizations(uow)


async def adding_user(uow: UnitOfWork, command: AddUser) -> User:
    return await add_user(uow, command)


async def importing_users(uow: UnitOfWork, command: ImportUsers) -> ImportResult:
    result = await import_users(uow, command.rows, invalid=command.invalid, strict=command.strict)
    if not result.written:
        raise Undone(result)
    return result


async def listing_users(uow: UnitOfWork, command: ListUsers) -> list[UserSummary]:
    return await list_users(uow)


async def setting_role(uow: UnitOfWork, command: SetUserRole) -> tuple[User, bool]:
    return await set_role(uow, command.email, command.role)


async def deactivating(uow: UnitOfWork, command: DeactivateUser) -> tuple[User, bool]:
    return await set_active(uow, command.email, active=False)


async def reactivating(uow: UnitOfWork, command: ReactivateUser) -> tuple[User, bool]:
    return await set_active(uow, command.email, active=True)


async def saving_department(uow: UnitOfWork, command: SaveDepartment) -> Any:
    return await save_department(uow, command)


async def inviting(uow: UnitOfWork, command: InvitePerson) -> User:
    user = await find_user(uow, command.email)
    if user.is_active is False:
        raise Conflict(texts.INVITE_INACTIVE.format(name=user.full_name, email=user.email))
    uow.session.add(
        Invite(code=command.code, organization_id=user.organization_id, user_id=user.id, expires_at=command.expires_at)
    )
    # The code itself is a credential until used: the audit row names the person, not the code.
    uow.record("invite.created", "user", user.id, after={"expires_at": command.expires_at, "platform": "telegram"})
    return user


async def listing_departments(uow: UnitOfWork, command: ListDepartments) -> list[DepartmentSummary]:
    return await list_departments(uow)


OPERATIONS: dict[type[Command], OperationHandler] = {
    FindOrganization: finding_organization,
    CreateOrganization: creating_organization,
    ListOrganizations: listing_organizations,
    AddUser: adding_user,
    ImportUsers: importing_users,
    ListUsers: listing_users,
    SetUserRole: setting_role,
    DeactivateUser: deactivating,
    ReactivateUser: reactivating,
    SaveDepartment: saving_department,
    ListDepartments: listing_departments,
    InvitePerson: inviting,
}
