"""SQL pieces hot-path statements share: the acting user, and audit rows written set-based.

The hot-path handlers (continue, done, answering a question) do their work in one statement each, so
they read the acting user and write their audit rows inside it instead of through load_actor and
uow.record. The rows they write have the same shape as uow.record's: changes = {"before": ..., "after": ...}.
"""

from collections.abc import Mapping
from typing import Any

from domain.actor import Actor, actor_from_row

# `actor`: the acting user (:actor_id) as row-level security lets this tenant see them; empty if unknown.
ACTOR = """
actor AS (
    SELECT u.id, u.organization_id, u.role, u.department_id, u.is_active,
           trim(u.first_name || ' ' || u.last_name) AS name
    FROM users u
    WHERE u.id = CAST(:actor_id AS uuid)
)"""

# Guards every write of a hot-path statement: an unknown or deactivated user changes nothing.
ACTOR_MAY_ACT = "EXISTS (SELECT 1 FROM actor WHERE actor.is_active IS NOT FALSE)"

ACTOR_COLUMNS = """
actor.id AS actor_user_id, actor.organization_id AS actor_organization_id, actor.role AS actor_role,
actor.department_id AS actor_department_id, actor.is_active AS actor_is_active, actor.name AS actor_name"""


def audit_rows(name: str, rows: str) -> str:
    """A CTE inserting one audit_logs row per row of `rows` (action, entity_type, entity_id, changes)."""
    return f"""
{name} AS (
    INSERT INTO audit_logs (organization_id, user_id, action, entity_type, entity_id, changes)
    SELECT current_organization_id(), CAST(:actor_id AS uuid), a.action, a.entity_type, a.entity_id, a.changes
    FROM ({rows}) AS a(action, entity_type, entity_id, changes)
)"""


def changes(before: str, after: str) -> str:
    """SQL for an audit row's changes, as uow.record writes them."""
    return f"jsonb_build_object('before', {before}, 'after', {after})"


def actor_of(row: Mapping[Any, Any] | None) -> Actor:
    """The Actor from a statement's ACTOR_COLUMNS; refuses the unknown and the deactivated."""
    if row is None or row["actor_user_id"] is None:
        return actor_from_row(None)
    return actor_from_row(
        {
            "id": row["actor_user_id"],
            "organization_id": row["actor_organization_id"],
            "role": row["actor_role"],
            "department_id": row["actor_department_id"],
            "is_active": row["actor_is_active"],
            "name": row["actor_name"],
        }
    )
