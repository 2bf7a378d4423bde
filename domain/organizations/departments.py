"""Departments of one organization: add or update by code, list. Runs in the tenant's unit of work."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from domain.errors import InvalidInput, NotFound
from domain.models import Department, User
from domain.organizations import texts
from domain.organizations.commands import Outcome, SaveDepartment
from domain.organizations.tenancy import tenant_id
from domain.organizations.validation import check_department_code, normalize_email
from domain.unit_of_work import UnitOfWork

NAME_MAX = 255


@dataclass(frozen=True)
class DepartmentSummary:
    code: str
    name: str
    description: str | None
    manager_email: str | None
    people: int


async def save_department(uow: UnitOfWork, command: SaveDepartment) -> tuple[Department, Outcome]:
    """Create the department with this code, or update it; an omitted description or manager stays as it is."""
    organization_id = tenant_id(uow)
    code = check_department_code(command.code)
    if code is None:
        raise InvalidInput(texts.DEPARTMENT_CODE_INVALID.format(code=command.code))
    name = command.name.strip()
    if not name or len(name) > NAME_MAX:
        raise InvalidInput(texts.DEPARTMENT_NAME_INVALID.format(limit=NAME_MAX))
    manager_id = await manager(uow, command.manager_email) if command.manager_email else None

    department = await uow.session.scalar(
        select(Department).where(Department.organization_id == organization_id, func.upper(Department.code) == code)
    )
    if department is None:
        department = Department(
            organization_id=organization_id,
            code=code,
            name=name,
            description=command.description or None,
            manager_id=manager_id,
        )
        uow.session.add(department)
        await uow.session.flush()
        after = {"code": code, "name": name, "description": department.description, "manager_id": manager_id}
        uow.record("department.created", "department", department.id, after=after)
        return department, Outcome.CREATED

    current: dict[str, Any] = {
        "name": department.name,
        "description": department.description,
        "manager_id": department.manager_id,
    }
    wanted = {
        "name": name,
        "description": command.description or current["description"],
        "manager_id": manager_id or current["manager_id"],
    }
    changed = [key for key in wanted if wanted[key] != current[key]]
    if not changed:
        return department, Outcome.UNCHANGED
    for key in changed:
        setattr(department, key, wanted[key])
    await uow.session.flush()
    uow.record(
        "department.updated",
        "department",
        department.id,
        before={key: current[key] for key in changed},
        after={key: wanted[key] for key in changed},
    )
    return department, Outcome.UPDATED


async def manager(uow: UnitOfWork, email: str) -> uuid.UUID:
    found = await uow.session.scalar(
        select(User.id).where(User.organization_id == tenant_id(uow), func.lower(User.email) == normalize_email(email))
    )
    if found is None:
        raise NotFound(texts.MANAGER_UNKNOWN.format(email=normalize_email(email)))
    return found


async def list_departments(uow: UnitOfWork) -> list[DepartmentSummary]:
    organization_id = tenant_id(uow)
    managers = aliased(User)
    people = select(func.count()).where(User.department_id == Department.id).scalar_subquery()
    rows = await uow.session.execute(
        select(Department.code, Department.name, Department.description, managers.email, people)
        .outerjoin(managers, managers.id == Department.manager_id)
        .where(Department.organization_id == organization_id)
        .order_by(Department.code)
    )
    return [DepartmentSummary(*row) for row in rows]
