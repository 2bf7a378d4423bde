"""What the runtime role may touch, tightened: an append-only audit log, private chat bookkeeping, references
that stay inside their tenant, and lookups that answer only for their caller's need.

Revision ID: 0010_tenant_tight_database
Revises: 0009_tenant_on_child_tables
Create Date: 2026-12-06

Found by probing as learnbot_app (the role every tenant transaction runs as, 0004); none of it is in the seed.

- audit_logs is append-only for the runtime role: UPDATE and DELETE are revoked, and its row-level security
  policy is split into one for reading and one for appending, so a later blanket GRANT still changes nothing.
  Its partitions were open: the default privileges of 0004 gave every partition that
  create_audit_log_partitions() made after 0004 full rights, and a partition read directly has no row-level
  security of its own, so the runtime role could read and delete every tenant's audit rows there. Every
  partition, and each one the function makes from now on, gets no grant and row-level security with no policy.
  The runtime role may no longer run the function (start-up and `learnbot db partitions` run it as the owner).
  Deleting a user still sets the audit rows' user_id to NULL: foreign-key actions run as the table's owner.
- processed_updates: the runtime role may only insert a key (INSERT ... ON CONFLICT DO NOTHING RETURNING 1,
  the claim in every command's first statement); it can no longer read keys or delete them to re-open
  redelivery. chat_inbox holds every workspace's messages and is worked on by the connecting role in its own
  statements (accept, mark handled, lease to the sweeper, forget), never by learnbot_app: it gets no grant.
  Both tables have row-level security on (the inbox with no policy at all) in case a grant comes back.
- References stay inside the tenant. Row-level security checks a row's own organization_id only, and a
  foreign key check does not see policies, so a tenant could point its enrollment at another organization's
  person. Each reference from a tenant row to another tenant row now has a second foreign key,
  (column, organization_id) -> (id, organization_id), beside the seed's single-column one (kept: the seed
  names it), and each referenced table a UNIQUE (id, organization_id) for it. Their ON DELETE matches the
  seed's key (SET NULL clears only the referencing column). ON UPDATE: a row whose organization_id comes from
  its parent (0009) follows a referenced row that moves with it (a course moved to another organization takes
  its modules, assessments and their links along); any other row keeps its own organization_id, so moving a
  person or course that other rows of the old organization still use fails. A child row's key to its own
  parent needs no second key: 0009's trigger takes the parent's organization_id, which the runtime role finds
  only for a parent of its own tenant. These constraints are named tenant_*; the ORM models do not repeat
  them (migrations.include_object leaves them out of the drift comparison).
- The SECURITY DEFINER lookups answered for any organization's people. Each now answers across tenants only
  to a caller that has not entered a tenant (the chat layer before it knows who is writing: linking by invite,
  Telegram contact, Slack workspace, console --as); inside a tenant's transaction it answers only for that
  tenant. remember_telegram_poll() likewise. find_chat_identity() was executable by PUBLIC; no longer.

The upgrade fails, changing nothing, on a database that already holds a reference across tenants.
"""

import importlib
from collections.abc import Sequence

from alembic import op

revision: str = "0010_tenant_tight_database"
down_revision: str | None = "0009_tenant_on_child_tables"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "learnbot_app"
TENANT = "organization_id = current_organization_id()"
SEED = importlib.import_module("migrations.versions.0001_seed_tables")
CHAT_LINKING = importlib.import_module("migrations.versions.0005_chat_linking")
CHAT_LOOKUPS = importlib.import_module("migrations.versions.0008_chat_lookups_fast")
# Tables whose organization_id is their parent's (0009).
DERIVED_TENANT = importlib.import_module("migrations.versions.0009_tenant_on_child_tables").CHILD_TABLES

# ---------------------------------------------------------------------------------------------------- audit

PARTITION_FUNCTION = "create_audit_log_partitions(integer)"
PARTITIONS_CLOSED = f"""
CREATE OR REPLACE FUNCTION create_audit_log_partitions(months_ahead integer DEFAULT 2) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    month_start timestamptz;
    low uuid;
    high uuid;
    part text;
    created integer := 0;
BEGIN
    FOR i IN 0..months_ahead LOOP
        month_start := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))
                       AT TIME ZONE 'UTC';
        part := 'audit_logs_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
        CONTINUE WHEN to_regclass(part) IS NOT NULL;
        low := uuid_v7_boundary(month_start);
        high := uuid_v7_boundary(month_start + interval '1 month');
        EXECUTE format('CREATE TABLE %I (LIKE audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
        -- Reached through audit_logs only (whose policies apply there); read directly, a partition has none.
        EXECUTE format('REVOKE ALL ON %I FROM PUBLIC, {RUNTIME_ROLE}', part);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
        -- Rows already in the default partition for this month move over, or ATTACH would fail.
        EXECUTE format('WITH moved AS (DELETE FROM audit_logs_default WHERE id >= %L AND id < %L '
                       'RETURNING *) INSERT INTO %I SELECT * FROM moved', low, high, part);
        EXECUTE format('ALTER TABLE audit_logs ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                       part, low, high);
        created := created + 1;
    END LOOP;
    RETURN created;
END $$
"""


def each_partition(statement: str) -> str:
    """`statement` (with %s for the partition) run for every partition of audit_logs."""
    return f"""
DO $$
DECLARE part regclass;
BEGIN
    FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass LOOP
        EXECUTE format('{statement}', part);
    END LOOP;
END $$"""


AUDIT_UP = (
    f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM PUBLIC, {RUNTIME_ROLE}",
    "DROP POLICY tenant_isolation ON audit_logs",
    f"CREATE POLICY tenant_read ON audit_logs FOR SELECT USING ({TENANT})",
    f"CREATE POLICY tenant_append ON audit_logs FOR INSERT WITH CHECK ({TENANT})",
    each_partition(f"REVOKE ALL ON %s FROM PUBLIC, {RUNTIME_ROLE}"),
    each_partition("ALTER TABLE %s ENABLE ROW LEVEL SECURITY"),
    PARTITIONS_CLOSED,
    f"REVOKE ALL ON FUNCTION {PARTITION_FUNCTION} FROM PUBLIC, {RUNTIME_ROLE}",
)
AUDIT_DOWN = (
    f"GRANT EXECUTE ON FUNCTION {PARTITION_FUNCTION} TO PUBLIC, {RUNTIME_ROLE}",
    SEED.AUDIT_PARTITIONS[1].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"),
    each_partition("ALTER TABLE %s DISABLE ROW LEVEL SECURITY"),
    "DROP POLICY tenant_append ON audit_logs",
    "DROP POLICY tenant_read ON audit_logs",
    f"CREATE POLICY tenant_isolation ON audit_logs USING ({TENANT}) WITH CHECK ({TENANT})",
    f"GRANT UPDATE, DELETE ON audit_logs TO {RUNTIME_ROLE}",
)

# ------------------------------------------------------------------------------------------ chat bookkeeping

BOOKKEEPING_UP = (
    f"REVOKE ALL ON processed_updates FROM PUBLIC, {RUNTIME_ROLE}",
    f"GRANT INSERT (platform, update_key) ON processed_updates TO {RUNTIME_ROLE}",
    "ALTER TABLE processed_updates ENABLE ROW LEVEL SECURITY",
    f"CREATE POLICY claim_only ON processed_updates FOR INSERT TO {RUNTIME_ROLE} WITH CHECK (true)",
    f"REVOKE ALL ON chat_inbox FROM PUBLIC, {RUNTIME_ROLE}",
    "ALTER TABLE chat_inbox ENABLE ROW LEVEL SECURITY",
)
BOOKKEEPING_DOWN = (
    "ALTER TABLE chat_inbox DISABLE ROW LEVEL SECURITY",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON chat_inbox TO {RUNTIME_ROLE}",
    "DROP POLICY claim_only ON processed_updates",
    "ALTER TABLE processed_updates DISABLE ROW LEVEL SECURITY",
    f"REVOKE INSERT (platform, update_key) ON processed_updates FROM {RUNTIME_ROLE}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON processed_updates TO {RUNTIME_ROLE}",
)

# ----------------------------------------------------------------------------------------- tenant references

# Every reference from a tenant row to a row of another tenant table, except a child's key to its own parent
# (0009): (table, column, referenced table, the seed key's ON DELETE).
REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("departments", "manager_id", "users", "SET NULL"),
    ("users", "department_id", "departments", "SET NULL"),
    ("courses", "certificate_template_id", "certificate_templates", "NO ACTION"),
    ("courses", "department_id", "departments", "NO ACTION"),
    ("courses", "instructor_id", "users", "NO ACTION"),
    ("course_prerequisites", "prerequisite_course_id", "courses", "CASCADE"),
    ("assessments", "module_id", "modules", "SET NULL"),
    ("enrollments", "trainee_id", "users", "NO ACTION"),
    ("enrollments", "enrolled_by", "users", "NO ACTION"),
    ("progress", "module_id", "modules", "CASCADE"),
    ("progress", "content_id", "content", "CASCADE"),
    ("assessment_attempts", "assessment_id", "assessments", "CASCADE"),
    ("assessment_attempts", "graded_by", "users", "NO ACTION"),
    ("assignments", "module_id", "modules", "SET NULL"),
    ("assignments", "created_by", "users", "NO ACTION"),
    ("assignment_submissions", "assignment_id", "assignments", "CASCADE"),
    ("assignment_submissions", "graded_by", "users", "NO ACTION"),
    ("training_sessions", "course_id", "courses", "NO ACTION"),
    ("training_sessions", "department_id", "departments", "NO ACTION"),
    ("training_sessions", "instructor_id", "users", "NO ACTION"),
    ("session_attendances", "user_id", "users", "NO ACTION"),
    ("announcements", "course_id", "courses", "NO ACTION"),
    ("announcements", "department_id", "departments", "NO ACTION"),
    ("announcements", "created_by", "users", "NO ACTION"),
    ("messages", "sender_id", "users", "NO ACTION"),
    ("messages", "recipient_id", "users", "NO ACTION"),
    ("messages", "course_id", "courses", "NO ACTION"),
    ("messages", "parent_message_id", "messages", "SET NULL"),
    ("certificates", "template_id", "certificate_templates", "NO ACTION"),
    ("audit_logs", "user_id", "users", "SET NULL"),
    ("chat_identities", "user_id", "users", "CASCADE"),
    ("invites", "user_id", "users", "CASCADE"),
    ("invites", "created_by", "users", "SET NULL"),
    ("telegram_polls", "user_id", "users", "CASCADE"),
)
REFERENCED = tuple(dict.fromkeys(parent for _, _, parent, _ in REFERENCES))


def tenant_key(table: str) -> str:
    return f"tenant_key_{table}"


def tenant_reference(table: str, column: str) -> str:
    return f"tenant_fk_{table}_{column}"


def reference(table: str, column: str, parent: str, on_delete: str) -> str:
    if on_delete == "SET NULL":
        on_delete = f"SET NULL ({column})"
    on_update = "CASCADE" if table in DERIVED_TENANT else "NO ACTION"
    return (
        f"ALTER TABLE {table} ADD CONSTRAINT {tenant_reference(table, column)} "
        f"FOREIGN KEY ({column}, organization_id) REFERENCES {parent} (id, organization_id) "
        f"ON DELETE {on_delete} ON UPDATE {on_update}"
    )


REFERENCES_UP = (
    *(f"ALTER TABLE {table} ADD CONSTRAINT {tenant_key(table)} UNIQUE (id, organization_id)" for table in REFERENCED),
    *(reference(*row) for row in REFERENCES),
)
REFERENCES_DOWN = (
    *(f"ALTER TABLE {table} DROP CONSTRAINT {tenant_reference(table, column)}" for table, column, _, _ in REFERENCES),
    *(f"ALTER TABLE {table} DROP CONSTRAINT {tenant_key(table)}" for table in REFERENCED),
)

# ------------------------------------------------------------------------------------------------- lookups

# Before a tenant is entered, any organization's row; inside one, only that tenant's.
FOR_CALLER = "(current_organization_id() IS NULL OR {alias}.organization_id = current_organization_id())"

SCOPED_LOOKUPS = {
    "find_chat_identity(text, text, text)": f"""
CREATE OR REPLACE FUNCTION find_chat_identity(p_platform text, p_workspace_id text, p_platform_user_id text)
RETURNS TABLE (user_id uuid, organization_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT ci.user_id, ci.organization_id FROM chat_identities ci
    WHERE ci.platform = p_platform AND ci.workspace_id = p_workspace_id
      AND ci.platform_user_id = p_platform_user_id AND {FOR_CALLER.format(alias="ci")}
$$
""",
    "find_chat_sender(text, text, text)": f"""
CREATE OR REPLACE FUNCTION find_chat_sender(p_platform text, p_workspace_id text, p_platform_user_id text)
RETURNS TABLE ({CHAT_LOOKUPS.SENDER_COLUMNS})
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY {CHAT_LOOKUPS.SENDER_QUERY} AND {FOR_CALLER.format(alias="ci")};
END $$
""",
    "find_invite(text)": f"""
CREATE OR REPLACE FUNCTION find_invite(p_code text)
RETURNS TABLE (user_id uuid, organization_id uuid, expires_at timestamptz, used_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT i.user_id, i.organization_id, i.expires_at, i.used_at FROM invites i
    WHERE i.code = p_code AND {FOR_CALLER.format(alias="i")}
$$
""",
    "find_slack_workspace(text)": f"""
CREATE OR REPLACE FUNCTION find_slack_workspace(p_team_id text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT w.organization_id FROM slack_workspaces w WHERE w.team_id = p_team_id AND {FOR_CALLER.format(alias="w")}
$$
""",
    "find_users_by_phone(text)": CHAT_LINKING.FUNCTIONS["find_users_by_phone(text)"]
    .replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    .replace("AND u.is_active IS NOT FALSE", f"AND u.is_active IS NOT FALSE AND {FOR_CALLER.format(alias='u')}"),
    "find_users_by_email(text)": CHAT_LINKING.FUNCTIONS["find_users_by_email(text)"]
    .replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    .replace("AND u.is_active IS NOT FALSE", f"AND u.is_active IS NOT FALSE AND {FOR_CALLER.format(alias='u')}"),
    CHAT_LOOKUPS.REMEMBER_POLL_SIGNATURE: CHAT_LOOKUPS.REMEMBER_POLL.replace(
        "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
    ).replace(
        "AND ci.platform_user_id = p_platform_user_id;",
        f"AND ci.platform_user_id = p_platform_user_id\n      AND {FOR_CALLER.format(alias='ci')};",
    ),
}

LOOKUPS_DOWN = (
    """
CREATE OR REPLACE FUNCTION find_chat_identity(p_platform text, p_workspace_id text, p_platform_user_id text)
RETURNS TABLE (user_id uuid, organization_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT ci.user_id, ci.organization_id FROM chat_identities ci
    WHERE ci.platform = p_platform AND ci.workspace_id = p_workspace_id
      AND ci.platform_user_id = p_platform_user_id
$$
""",
    "GRANT EXECUTE ON FUNCTION find_chat_identity(text, text, text) TO PUBLIC",
    CHAT_LOOKUPS.find_chat_sender("plpgsql"),
    *(
        CHAT_LINKING.FUNCTIONS[signature].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
        for signature in ("find_invite(text)", "find_slack_workspace(text)", "find_users_by_phone(text)")
    ),
    CHAT_LINKING.FUNCTIONS["find_users_by_email(text)"].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"),
    CHAT_LOOKUPS.REMEMBER_POLL.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"),
)


def lookups_up() -> list[str]:
    statements = []
    for signature, definition in SCOPED_LOOKUPS.items():
        if FOR_CALLER.split("{")[0] not in definition:
            raise AssertionError(f"{signature}: the caller's scope was not added")
        statements += [
            definition,
            f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC",
            f"GRANT EXECUTE ON FUNCTION {signature} TO {RUNTIME_ROLE}",
        ]
    return statements


def upgrade() -> None:
    for statement in (*AUDIT_UP, *BOOKKEEPING_UP, *REFERENCES_UP, *lookups_up()):
        op.execute(statement)


def downgrade() -> None:
    for statement in (*LOOKUPS_DOWN, *REFERENCES_DOWN, *BOOKKEEPING_DOWN, *AUDIT_DOWN):
        op.execute(statement)
