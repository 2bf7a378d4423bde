"""Every tenant-scoped table carries organization_id, so its row-level security policy is one comparison.

Revision ID: 0009_tenant_on_child_tables
Revises: 0008_chat_lookups_fast
Create Date: 2026-11-25

Before (0004, 0005), a table below a course, an enrollment, a training session or a chat identity was
visible when its parent row was: `EXISTS (SELECT 1 FROM parent p WHERE p.id = child.key)`. Correct, but the
parent's own policy applies inside that subquery, so one reference to `progress` planned a subquery on
enrollments holding another on courses. The hot-path statements reference these tables a few dozen times:
"done" had 187 subplans (54 scans of courses), and PostgreSQL spent about half of its CPU for "done" only
initialising that plan on each execution (ExecutorStart, measured with perf).

Now each such table has organization_id, and its policy is `organization_id = current_organization_id()`
like the tables that had the column in the seed. The seed does not have the column on these tables; it is
an addition (the seed's column lists are kept as they are).

- A BEFORE INSERT OR UPDATE trigger sets it from the parent row, so no statement writes it by hand and it
  cannot disagree with the parent. The trigger reads the parent as the caller, under row-level security: a
  parent of another tenant is not found, the column stays NULL, and the row fails the policy's WITH CHECK,
  as it failed the EXISTS check before.
- When a parent's organization_id changes (no LearnBot command does this; an administrator could), an AFTER
  UPDATE trigger passes it down to the children, whose own trigger passes it further.
- No foreign key to organizations and no index: the value always equals the parent's, whose key already
  cascades, and every query reaches these rows through their parents' keys; each would cost every insert.

The downgrade restores the parent-visibility policies and drops the column.
"""

import importlib
from collections.abc import Sequence

from alembic import op

revision: str = "0009_tenant_on_child_tables"
down_revision: str | None = "0008_chat_lookups_fast"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# child table -> (its key to the parent, the parent), parents before their children: 0004's tables, and
# conversation_states (0005).
CHILD_TABLES: dict[str, tuple[str, str]] = {
    **importlib.import_module("migrations.versions.0004_tenant_security").CHILD_TABLES,
    "conversation_states": ("chat_identity_id", "chat_identities"),
}
TENANT = "organization_id = current_organization_id()"


def children_of(parent: str) -> list[tuple[str, str]]:
    return [(child, key) for child, (key, of) in CHILD_TABLES.items() if of == parent]


def inherit(child: str, key: str, parent: str) -> list[str]:
    """The column, filled from the parent, kept so by a trigger."""
    function = f"{child}_inherit_organization"
    return [
        f"ALTER TABLE {child} ADD COLUMN organization_id uuid",
        f"UPDATE {child} c SET organization_id = p.organization_id FROM {parent} p WHERE p.id = c.{key}",
        f"ALTER TABLE {child} ALTER COLUMN organization_id SET NOT NULL",
        f"""
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.organization_id := (SELECT p.organization_id FROM {parent} p WHERE p.id = NEW.{key});
    RETURN NEW;
END $$""",
        f"""
CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF {key}, organization_id ON {child}
FOR EACH ROW EXECUTE FUNCTION {function}()""",
    ]


def pass_down(parent: str) -> list[str]:
    """A parent moved to another organization takes its children along."""
    function = f"{parent}_pass_organization_down"
    updates = "\n".join(
        f"    UPDATE {child} SET organization_id = NEW.organization_id WHERE {key} = NEW.id;"
        for child, key in children_of(parent)
    )
    return [
        f"""
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{updates}
    RETURN NULL;
END $$""",
        f"""
CREATE TRIGGER {function} AFTER UPDATE OF organization_id ON {parent}
FOR EACH ROW WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id) EXECUTE FUNCTION {function}()""",
    ]


def policy(table: str, condition: str) -> list[str]:
    return [
        f"DROP POLICY tenant_isolation ON {table}",
        f"CREATE POLICY tenant_isolation ON {table} USING ({condition}) WITH CHECK ({condition})",
    ]


def parent_visible(child: str, key: str, parent: str) -> str:
    return f"EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {child}.{key})"


def upgrade() -> None:
    statements: list[str] = []
    for child, (key, parent) in CHILD_TABLES.items():
        statements += inherit(child, key, parent)
    for parent in dict.fromkeys(parent for _, parent in CHILD_TABLES.values()):
        statements += pass_down(parent)
    for child in CHILD_TABLES:
        statements += policy(child, TENANT)
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements: list[str] = []
    for child, (key, parent) in CHILD_TABLES.items():
        statements += policy(child, parent_visible(child, key, parent))
    for parent in dict.fromkeys(parent for _, parent in CHILD_TABLES.values()):
        function = f"{parent}_pass_organization_down"
        statements += [f"DROP TRIGGER {function} ON {parent}", f"DROP FUNCTION {function}()"]
    for child in reversed(CHILD_TABLES):
        function = f"{child}_inherit_organization"
        statements += [
            f"DROP TRIGGER {function} ON {child}",
            f"DROP FUNCTION {function}()",
            f"ALTER TABLE {child} DROP COLUMN organization_id",
        ]
    for statement in statements:
        op.execute(statement)
