"""One person as an import describes them (a CSV line, an entry of an organization file), validated alone.

Optional fields left empty mean "not given": a new person gets the default (role trainee, no
department), and an existing person keeps what they have.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from domain.models.enums import Role
from domain.organizations import texts
from domain.organizations.validation import check_department_code, check_email, check_phone, check_role

REQUIRED_FIELDS = ("employee_id", "email", "first_name", "last_name")
OPTIONAL_FIELDS = ("department_code", "role", "phone", "position")
FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS

# The users table's column sizes for free-text fields.
MAX_LENGTHS = {"employee_id": 100, "first_name": 100, "last_name": 100, "position": 100}


@dataclass(frozen=True)
class UserRow:
    where: str  # "line 7" or "users[2]": how reports point at the row
    employee_id: str
    email: str
    first_name: str
    last_name: str
    department_code: str | None = None
    role: Role | None = None
    phone: str | None = None
    position: str | None = None


@dataclass(frozen=True)
class RowError:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def validate_user_fields(where: str, fields: Mapping[str, str | None]) -> UserRow | RowError:
    """A UserRow from raw text fields, or a RowError naming every problem found in them."""
    values = {name: (fields.get(name) or "").strip() for name in FIELDS}
    problems = [texts.FIELD_MISSING.format(field=name) for name in REQUIRED_FIELDS if not values[name]]
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            problems.append(texts.FIELD_TOO_LONG.format(field=name, limit=limit))

    email = check_email(values["email"]) if values["email"] else ""
    if email is None:
        problems.append(texts.EMAIL_INVALID.format(email=values["email"]))
    department = check_department_code(values["department_code"]) if values["department_code"] else ""
    if department is None:
        problems.append(texts.DEPARTMENT_CODE_INVALID.format(code=values["department_code"]))
    role = check_role(values["role"]) if values["role"] else None
    if values["role"] and role is None:
        problems.append(texts.ROLE_UNKNOWN.format(role=values["role"]))
    phone = check_phone(values["phone"]) if values["phone"] else ""
    if phone is None:
        problems.append(texts.PHONE_INVALID.format(phone=values["phone"]))

    if problems or email is None or department is None or phone is None:
        return RowError(where, "; ".join(problems))
    return UserRow(
        where=where,
        employee_id=values["employee_id"],
        email=email,
        first_name=values["first_name"],
        last_name=values["last_name"],
        department_code=department or None,
        role=role,
        phone=phone or None,
        position=values["position"] or None,
    )
