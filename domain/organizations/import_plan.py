"""Deciding what an import does to each person, before anything is written: create, update, leave, or refuse.

A row is matched to an existing person by employee_id, then by email. Everything here is pure, so the
rules are tested without a database and the writes can be done as a handful of set-based statements.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.models.enums import Role
from domain.organizations import texts
from domain.organizations.user_rows import RowError, UserRow
from domain.organizations.validation import unique_username, username_base

# The users columns an import sets, in the order the writes use.
IMPORTED_COLUMNS = (
    "employee_id",
    "email",
    "first_name",
    "last_name",
    "department_id",
    "role",
    "phone",
    "position",
)


@dataclass(frozen=True)
class ExistingUser:
    id: uuid.UUID
    employee_id: str
    email: str
    username: str
    first_name: str
    last_name: str
    department_id: uuid.UUID | None
    role: str
    phone: str | None
    position: str | None

    def values(self) -> dict[str, Any]:
        return {column: getattr(self, column) for column in IMPORTED_COLUMNS}


@dataclass(frozen=True)
class NewUser:
    where: str
    username: str
    values: dict[str, Any]


@dataclass(frozen=True)
class UserChange:
    where: str
    user_id: uuid.UUID
    values: dict[str, Any]  # every imported column, as it will be
    before: dict[str, Any]  # only the columns that change
    after: dict[str, Any]

    @property
    def changes_email(self) -> bool:
        return "email" in self.after


@dataclass
class ImportPlan:
    creates: list[NewUser] = field(default_factory=list)
    updates: list[UserChange] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def plan_import(
    rows: Sequence[UserRow], departments: Mapping[str, uuid.UUID], existing: Sequence[ExistingUser]
) -> ImportPlan:
    """What to do with each row, given the organization's departments (by code) and people."""
    plan = ImportPlan()
    by_employee_id = {user.employee_id: user for user in existing}
    # Addresses are stored in lower case; one stored otherwise by older data still matches.
    by_email = {user.email.lower(): user for user in existing}
    first_with_employee_id: dict[str, str] = {}
    first_with_email: dict[str, str] = {}
    claimed_by: dict[uuid.UUID, str] = {}
    usernames = {user.username for user in existing}

    for row in rows:
        problems = []
        if row.employee_id in first_with_employee_id:
            where = first_with_employee_id[row.employee_id]
            problems.append(texts.EMPLOYEE_ID_REPEATED.format(employee_id=row.employee_id, where=where))
        first_with_employee_id.setdefault(row.employee_id, row.where)
        if row.email in first_with_email:
            problems.append(texts.EMAIL_REPEATED.format(email=row.email, where=first_with_email[row.email]))
        first_with_email.setdefault(row.email, row.where)
        department_id = departments.get(row.department_code) if row.department_code else None
        if row.department_code and department_id is None:
            problems.append(texts.DEPARTMENT_UNKNOWN.format(code=row.department_code))
        target = by_employee_id.get(row.employee_id) or by_email.get(row.email)
        owner = by_email.get(row.email)
        if target is not None and owner is not None and owner.id != target.id:
            problems.append(texts.EMAIL_BELONGS_TO.format(email=row.email, employee_id=owner.employee_id))
        if not problems and target is not None and target.id in claimed_by:
            problems.append(texts.SAME_PERSON_AS.format(where=claimed_by[target.id]))
        if problems:
            plan.errors.append(RowError(row.where, "; ".join(problems)))
            continue

        if target is None:
            username = unique_username(username_base(row.email), usernames)
            usernames.add(username)
            plan.creates.append(NewUser(row.where, username, new_values(row, department_id)))
            continue
        claimed_by[target.id] = row.where
        current = target.values()
        values = merged_values(row, department_id, current)
        changed = [column for column in IMPORTED_COLUMNS if values[column] != current[column]]
        if not changed:
            plan.unchanged += 1
            continue
        before = {column: current[column] for column in changed}
        after = {column: values[column] for column in changed}
        plan.updates.append(UserChange(row.where, target.id, values, before, after))
    return plan


def new_values(row: UserRow, department_id: uuid.UUID | None) -> dict[str, Any]:
    return {
        "employee_id": row.employee_id,
        "email": row.email,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "department_id": department_id,
        "role": (row.role or Role.TRAINEE).value,
        "phone": row.phone,
        "position": row.position,
    }


def merged_values(row: UserRow, department_id: uuid.UUID | None, current: Mapping[str, Any]) -> dict[str, Any]:
    """The row's values, keeping the current ones where an optional field was left empty."""
    values = new_values(row, department_id)
    values["department_id"] = department_id if row.department_code else current["department_id"]
    values["role"] = row.role.value if row.role else current["role"]
    values["phone"] = row.phone or current["phone"]
    values["position"] = row.position or current["position"]
    return values
