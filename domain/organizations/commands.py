"""What an administrator asks for. Values arrive as typed; the handlers validate them with friendly errors."""

from enum import StrEnum
from typing import Any

from pydantic import Field

from domain.messagebus import Command


class CreateOrganization(Command):
    name: str
    slug: str
    settings: dict[str, Any] = Field(default_factory=dict)


class SaveDepartment(Command):
    """Add the department with this code, or update it when it exists."""

    code: str
    name: str
    description: str | None = None
    manager_email: str | None = None


class AddUser(Command):
    employee_id: str
    email: str
    first_name: str
    last_name: str
    department_code: str | None = None
    role: str | None = None
    phone: str | None = None
    position: str | None = None


class UpdateUser(AddUser):
    """Change a person's details (found by employee_id, else email); fields left out keep what is stored."""


class SetUserRole(Command):
    email: str
    role: str


class DeactivateUser(Command):
    email: str


class ReactivateUser(Command):
    email: str


class Outcome(StrEnum):
    """What saving something did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
