"""The set-based writes of an import: every statement handles all rows at once through unnest() arrays.

Email addresses and usernames are unique across all organizations, and row-level security hides the
other organizations' people, so a clash with them shows only when writing: inserts skip such rows
(ON CONFLICT DO NOTHING) and email changes fall back to one savepoint per row to find the culprits.
"""

import json
import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.organizations import texts
from domain.organizations.import_plan import IMPORTED_COLUMNS, NewUser, UserChange
from domain.organizations.user_rows import RowError
from domain.organizations.validation import username_base
from domain.unit_of_work import jsonable

# People who talk to LearnBot in chat never log in with a password. "!" is the conventional unusable
# password marker (as in /etc/shadow and Django): no hash ever equals it. A future web login would set
# a real bcrypt hash here.
UNUSABLE_PASSWORD = "!"

INSERT_USERS = text(
    """
    INSERT INTO users (organization_id, password_hash, username, employee_id, email, first_name, last_name,
                       department_id, role, phone, position)
    SELECT CAST(:organization_id AS uuid), :password_hash, v.*
    FROM unnest(CAST(:username AS text[]), CAST(:employee_id AS text[]), CAST(:email AS text[]),
                CAST(:first_name AS text[]), CAST(:last_name AS text[]), CAST(:department_id AS uuid[]),
                CAST(:role AS text[]), CAST(:phone AS text[]), CAST(:position AS text[])) AS v
    ON CONFLICT DO NOTHING
    RETURNING email, id, username
    """
)

UPDATE_USERS = text(
    """
    UPDATE users AS u
    SET employee_id = v.employee_id, email = v.email, first_name = v.first_name, last_name = v.last_name,
        department_id = v.department_id, role = v.role, phone = v.phone, position = v.position
    FROM unnest(CAST(:id AS uuid[]), CAST(:employee_id AS text[]), CAST(:email AS text[]),
                CAST(:first_name AS text[]), CAST(:last_name AS text[]), CAST(:department_id AS uuid[]),
                CAST(:role AS text[]), CAST(:phone AS text[]), CAST(:position AS text[]))
         AS v(id, employee_id, email, first_name, last_name, department_id, role, phone, position)
    WHERE u.id = v.id
    """
)

INSERT_AUDIT_ROWS = text(
    """
    INSERT INTO audit_logs (organization_id, user_id, action, entity_type, entity_id, changes)
    SELECT CAST(:organization_id AS uuid), CAST(:actor_id AS uuid), v.action, 'user', v.entity_id,
           CAST(v.changes AS jsonb)
    FROM unnest(CAST(:action AS text[]), CAST(:entity_id AS uuid[]), CAST(:changes AS text[]))
         AS v(action, entity_id, changes)
    """
)


def columns(values: Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
    return {column: [row[column] for row in values] for column in IMPORTED_COLUMNS}


async def insert_users(
    session: AsyncSession, organization_id: uuid.UUID, new_users: Sequence[NewUser]
) -> tuple[dict[str, tuple[uuid.UUID, str]], list[RowError]]:
    """Insert the new people; returns (id, username) by email, and the rows whose email another organization holds."""
    created: dict[str, tuple[uuid.UUID, str]] = {}
    pending = list(new_users)
    # The first try uses the preferred usernames; a clash with an invisible organization's username
    # retries with a random suffix; what still fails is an email address registered elsewhere.
    for attempt in range(2):
        if not pending:
            break
        usernames = [user.username if attempt == 0 else random_username(user) for user in pending]
        result = await session.execute(
            INSERT_USERS,
            {
                "organization_id": organization_id,
                "password_hash": UNUSABLE_PASSWORD,
                "username": usernames,
                **columns([user.values for user in pending]),
            },
        )
        created.update({email: (user_id, username) for email, user_id, username in result.all()})
        pending = [user for user in pending if user.values["email"] not in created]
    return created, [registered_elsewhere(user.where, user.values["email"]) for user in pending]


def random_username(user: NewUser) -> str:
    return f"{username_base(user.values['email'])}-{secrets.token_hex(3)}"


async def update_users(session: AsyncSession, changes: Sequence[UserChange]) -> tuple[list[UserChange], list[RowError]]:
    """Apply the changes; returns those applied, and the rows whose new email another organization holds."""
    await execute_updates(session, [change for change in changes if not change.changes_email])
    new_emails = [change for change in changes if change.changes_email]
    if not new_emails:
        return list(changes), []
    try:
        async with session.begin_nested():
            await execute_updates(session, new_emails)
        return list(changes), []
    except IntegrityError:
        pass
    applied = [change for change in changes if not change.changes_email]
    refused = []
    for change in new_emails:
        try:
            async with session.begin_nested():
                await execute_updates(session, [change])
            applied.append(change)
        except IntegrityError:
            refused.append(registered_elsewhere(change.where, change.values["email"]))
    return applied, refused


def registered_elsewhere(where: str, email: str) -> RowError:
    return RowError(where, texts.EMAIL_REGISTERED_ELSEWHERE.format(email=email))


async def execute_updates(session: AsyncSession, changes: Sequence[UserChange]) -> None:
    if changes:
        params = {"id": [change.user_id for change in changes], **columns([change.values for change in changes])}
        await session.execute(UPDATE_USERS, params)


async def insert_audit_rows(
    session: AsyncSession,
    organization_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    entries: Sequence[tuple[str, uuid.UUID, dict[str, Any] | None, dict[str, Any]]],
) -> None:
    """One audit row per (action, user id, before, after), in a single statement."""
    if not entries:
        return
    changes = [json.dumps({"before": jsonable(before), "after": jsonable(after)}) for _, _, before, after in entries]
    await session.execute(
        INSERT_AUDIT_ROWS,
        {
            "organization_id": organization_id,
            "actor_id": actor_id,
            "action": [action for action, _, _, _ in entries],
            "entity_id": [entity_id for _, entity_id, _, _ in entries],
            "changes": changes,
        },
    )
