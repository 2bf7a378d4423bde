"""Importing people in bulk (an HR system's CSV export, an organization file): create or update, report the rest.

Re-importing the same rows changes nothing; rows with problems are reported and the others are written,
unless `strict`, where any problem means nothing is written (the caller must then not commit).
"""

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from domain.errors import Conflict
from domain.models import Department, User
from domain.organizations import texts
from domain.organizations.import_plan import ExistingUser, plan_import
from domain.organizations.tenancy import tenant_id
from domain.organizations.user_rows import RowError, UserRow
from domain.organizations.user_writes import insert_audit_rows, insert_users, update_users
from domain.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # False when strict mode refused the import: nothing may be committed.
    written: bool = True


async def import_users(
    uow: UnitOfWork, rows: Sequence[UserRow], *, invalid: Sequence[RowError] = (), strict: bool = False
) -> ImportResult:
    """Create or update the organization's people from `rows`; `invalid` are rows already refused by parsing."""
    organization_id = tenant_id(uow)
    session = uow.session
    codes = select(func.upper(Department.code), Department.id).where(Department.organization_id == organization_id)
    departments: dict[str, uuid.UUID] = dict((await session.execute(codes)).all())
    people = select(*(getattr(User, column.name) for column in fields(ExistingUser)))
    existing = [
        ExistingUser(**row._asdict())
        for row in await session.execute(people.where(User.organization_id == organization_id))
    ]
    plan = plan_import(rows, departments, existing)
    errors = [*invalid, *plan.errors]
    if strict and errors:
        return ImportResult(errors=in_file_order(errors), written=False)
    try:
        created, refused_new = await insert_users(session, organization_id, plan.creates)
        applied, refused_changes = await update_users(session, plan.updates)
    except IntegrityError:
        raise Conflict(texts.IMPORT_RACED) from None
    errors += [*refused_new, *refused_changes]
    if strict and errors:
        return ImportResult(errors=in_file_order(errors), written=False)

    audit: list[tuple[str, uuid.UUID, dict[str, Any] | None, dict[str, Any]]] = []
    for new in plan.creates:
        if new.values["email"] in created:
            user_id, username = created[new.values["email"]]
            audit.append(("user.created", user_id, None, {"username": username, **new.values}))
    audit += [("user.updated", change.user_id, change.before, change.after) for change in applied]
    await insert_audit_rows(session, organization_id, uow.actor_id, audit)
    return ImportResult(len(created), len(applied), plan.unchanged, in_file_order(errors))


def in_file_order(errors: Sequence[RowError]) -> list[RowError]:
    """Sorted by where they are: line 9 before line 10."""
    return sorted(errors, key=lambda error: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", error.where)])
