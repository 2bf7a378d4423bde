"""People of one organization, one at a time: add, set a role, deactivate and reactivate, list.

Deactivated people keep their enrollments, progress and certificates; load_actor refuses them, so they
can no longer act until reactivated.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from domain.errors import Conflict, InvalidInput, NotFound
from domain.models import Department, User
from domain.organizations import texts
from domain.organizations.commands import AddUser
from domain.organizations.tenancy import tenant_id
from domain.organizations.user_import import import_users
from domain.organizations.user_rows import RowError, validate_user_fields
from domain.organizations.validation import check_role, normalize_email
from domain.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class UserSummary:
    email: str
    name: str
    employee_id: str
    role: str
    department_code: str | None
    is_active: bool


async def find_user(uow: UnitOfWork, email: str) -> User:
    """The organization's person with this email; people of other organizations are never found."""
    address = normalize_email(email)
    same_address = func.lower(User.email) == address
    user = await uow.session.scalar(select(User).where(User.organization_id == tenant_id(uow), same_address))
    if user is None:
        raise NotFound(texts.USER_NOT_FOUND.format(email=address))
    return user


class PersonExists(Conflict):
    """The person to add is already in the organization (same employee_id or email)."""

    def __init__(self, user: User) -> None:
        super().__init__(texts.USER_EXISTS.format(email=user.email, employee_id=user.employee_id))
        self.user = user


async def add_user(uow: UnitOfWork, command: AddUser) -> User:
    """A new person; their employee_id and email must be new to the organization (PersonExists otherwise)."""
    row = validate_user_fields(texts.THE_USER, command.model_dump())
    if isinstance(row, RowError):
        raise InvalidInput(texts.USER_INVALID.format(problems=row.reason))
    same = await same_person(uow, row.employee_id, row.email)
    if same is not None:
        raise PersonExists(same)
    result = await import_users(uow, [row], strict=True)
    if result.errors:
        raise InvalidInput(texts.USER_INVALID.format(problems=result.errors[0].reason))
    return await find_user(uow, row.email)


async def same_person(uow: UnitOfWork, employee_id: str, email: str) -> User | None:
    same = (User.employee_id == employee_id) | (func.lower(User.email) == email)
    return await uow.session.scalar(select(User).where(User.organization_id == tenant_id(uow), same).limit(1))


async def update_user(uow: UnitOfWork, command: AddUser) -> tuple[User, bool]:
    """Change an existing person's details, as the HR import would; returns them and whether anything changed."""
    row = validate_user_fields(texts.THE_USER, command.model_dump())
    if isinstance(row, RowError):
        raise InvalidInput(texts.USER_NOT_UPDATED.format(problems=row.reason))
    if await same_person(uow, row.employee_id, row.email) is None:
        raise NotFound(texts.USER_NOT_FOUND.format(email=row.email))
    result = await import_users(uow, [row], strict=True)
    if result.errors:
        raise InvalidInput(texts.USER_NOT_UPDATED.format(problems=result.errors[0].reason))
    return await find_user(uow, row.email), result.updated > 0


async def set_role(uow: UnitOfWork, email: str, role_name: str) -> tuple[User, bool]:
    """Give the person `role`; returns the person and whether anything changed."""
    role = check_role(role_name)
    if role is None:
        raise InvalidInput(texts.ROLE_UNKNOWN_ALONE.format(role=role_name))
    user = await find_user(uow, email)
    if user.role == role:
        return user, False
    before = user.role
    user.role = role.value
    await uow.session.flush()
    uow.record("user.role_changed", "user", user.id, before={"role": before}, after={"role": role.value})
    return user, True


async def set_active(uow: UnitOfWork, email: str, *, active: bool) -> tuple[User, bool]:
    """Deactivate or reactivate the person; returns the person and whether anything changed."""
    user = await find_user(uow, email)
    if (user.is_active is not False) == active:
        return user, False
    user.is_active = active
    await uow.session.flush()
    action = "user.reactivated" if active else "user.deactivated"
    uow.record(action, "user", user.id, before={"is_active": not active}, after={"is_active": active})
    return user, True


async def list_users(uow: UnitOfWork) -> list[UserSummary]:
    rows = await uow.session.execute(
        select(User, Department.code)
        .outerjoin(Department, Department.id == User.department_id)
        .where(User.organization_id == tenant_id(uow))
        .order_by(User.last_name, User.first_name, User.email)
    )
    return [
        UserSummary(user.email, user.full_name, user.employee_id, user.role, code, user.is_active is not False)
        for user, code in rows
    ]
