"""The organization file (YAML): an organization, its departments and its people, checked as a whole.

    organization: {name: Acme Corporation, slug: acme, settings: {timezone: Europe/Berlin}}
    departments:
      - {code: IT, name: Information Technology, description: ..., manager: ada.admin@acme.example}
    users:
      - {employee_id: ACME-0001, email: ada.admin@acme.example, first_name: Ada, last_name: Admin,
         role: admin, department: IT, phone: "+1 555 0100", position: Administrator}

Every problem is reported by its path in the file (`users[2].email: ...`) and then nothing is written.
"""

from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain.errors import InvalidInput
from domain.organizations import texts
from domain.organizations.commands import CreateOrganization, SaveDepartment
from domain.organizations.user_rows import RowError, UserRow, validate_user_fields
from domain.organizations.validation import check_department_code, check_email, check_slug


class Entry(BaseModel):
    # YAML reads employee ids and phone numbers such as 1001 as numbers; they are text here.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)


class OrganizationEntry(Entry):
    name: str
    slug: str
    settings: dict[str, Any] = Field(default_factory=dict)


class DepartmentEntry(Entry):
    code: str
    name: str
    description: str | None = None
    manager: str | None = None


class UserEntry(Entry):
    employee_id: str
    email: str
    first_name: str
    last_name: str
    department: str | None = None
    role: str | None = None
    phone: str | None = None
    position: str | None = None


class OrganizationFile(Entry):
    organization: OrganizationEntry
    departments: list[DepartmentEntry] = Field(default_factory=list)
    users: list[UserEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class OrganizationPlan:
    """A checked organization file, as the commands and rows that load it."""

    organization: CreateOrganization
    departments: list[SaveDepartment]
    users: list[UserRow]


def parse_organization_file(content: str) -> OrganizationPlan:
    """The file's content, checked; InvalidInput lists every problem by its path."""
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = texts.LINE.format(line=mark.line + 1) if mark is not None else texts.THE_FILE
        raise InvalidInput(texts.FILE_NOT_YAML.format(where=where)) from None
    try:
        parsed = OrganizationFile.model_validate(data if data is not None else {})
    except ValidationError as exc:
        listed = "; ".join(describe(error) for error in exc.errors())
        raise InvalidInput(texts.FILE_PROBLEMS.format(problems=listed)) from None
    problems = check_entries(parsed)
    rows: list[UserRow] = []
    for index, entry in enumerate(parsed.users):
        fields = entry.model_dump() | {"department_code": entry.department}
        row = validate_user_fields(f"users[{index}]", fields)
        if isinstance(row, RowError):
            problems.append(str(row))
        else:
            rows.append(row)
    if problems:
        raise InvalidInput(texts.FILE_PROBLEMS.format(problems="; ".join(problems)))
    organization = parsed.organization
    return OrganizationPlan(
        CreateOrganization(name=organization.name, slug=organization.slug, settings=organization.settings),
        [
            SaveDepartment(code=d.code, name=d.name, description=d.description, manager_email=d.manager)
            for d in parsed.departments
        ],
        rows,
    )


def check_entries(parsed: OrganizationFile) -> list[str]:
    """Problems with the organization and departments that the schema alone does not catch."""
    problems = []
    if check_slug(parsed.organization.slug) is None:
        problems.append(f"organization.slug: {texts.SLUG_INVALID.format(slug=parsed.organization.slug)}")
    seen: dict[str, int] = {}
    for index, department in enumerate(parsed.departments):
        code = check_department_code(department.code)
        if code is None:
            problems.append(f"departments[{index}].code: {texts.DEPARTMENT_CODE_INVALID.format(code=department.code)}")
        elif code in seen:
            where = f"departments[{seen[code]}]"
            problems.append(f"departments[{index}].code: {texts.DEPARTMENT_REPEATED.format(code=code, where=where)}")
        else:
            seen[code] = index
        if department.manager and check_email(department.manager) is None:
            problems.append(f"departments[{index}].manager: {texts.EMAIL_INVALID.format(email=department.manager)}")
    return problems


def describe(error: Any) -> str:
    """A pydantic error as `path: message`, the path written as in the file (users[2].email)."""
    path = ""
    for part in error["loc"]:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    message = texts.FIELD_NOT_ALLOWED if error["type"] == "extra_forbidden" else error["msg"]
    return f"{path or texts.THE_FILE}: {message}"
