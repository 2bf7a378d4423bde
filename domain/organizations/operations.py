"""What the command line asks of organizations, their departments and people, as an operator's operations.

Finding, creating and listing organizations span tenants, so they run as the owner (handle_as_operator with no
organization); the rest run in the organization's tenant.
"""

import uuid
from typing import Any

from sqlalchemy import select

from domain.command import Command, Operation
from domain.errors import NotFound
from domain.messagebus import OperationHandler, Undone
from domain.models import Organization, User
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
from domain.organizations.people import UserSummary, add_user, list_users, set_active, set_role
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
}
