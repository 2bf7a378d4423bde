"""Row-level security for tenant isolation, and the runtime role the application acts as.

Revision ID: 0004_tenant_security
Revises: 0003_chat_tables
Create Date: 2026-11-25

The application runs every transaction as role learnbot_app (SET LOCAL ROLE), which is neither
superuser nor BYPASSRLS: superusers and table owners skip RLS silently, so the migrations' owner is
only used for migrations and administration. The tenant is a per-transaction setting,
app.current_organization_id (set_config(..., true)); with none set, no tenant row is visible.

- Tables with organization_id (and organizations itself, by id) are filtered on it directly.
- Tables below a course, an enrollment or a training session carry no organization_id in the seed;
  their policies require the parent row to be visible, so the parent's policy decides. The seed asks
  for RLS "for multi-tenant isolation"; isolating only the tables with the column would leave every
  enrollment, answer and grade readable across tenants.
- processed_updates holds only platform update keys and has no tenant.
- chat_identities is looked up before the tenant is known (a message arrives from a platform user id):
  find_chat_identity() is SECURITY DEFINER and returns only the user and organization for one exact
  platform + workspace + user key.

The role is cluster-wide and shared by every database of the cluster, so downgrade revokes what this
revision granted but does not drop it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_tenant_security"
down_revision: str | None = "0003_chat_tables"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "learnbot_app"

TENANT_TABLES = (
    "departments",
    "users",
    "certificate_templates",
    "courses",
    "training_sessions",
    "announcements",
    "messages",
    "audit_logs",
    "chat_identities",
)

# table -> (its key to the parent, the parent table whose visibility it inherits)
CHILD_TABLES = {
    "course_prerequisites": ("course_id", "courses"),
    "modules": ("course_id", "courses"),
    "content": ("module_id", "modules"),
    "assessments": ("course_id", "courses"),
    "enrollments": ("course_id", "courses"),
    "progress": ("enrollment_id", "enrollments"),
    "assessment_attempts": ("enrollment_id", "enrollments"),
    "assignments": ("course_id", "courses"),
    "assignment_submissions": ("enrollment_id", "enrollments"),
    "session_attendances": ("session_id", "training_sessions"),
    "certificates": ("enrollment_id", "enrollments"),
}

ROLE_AND_TENANT = (
    f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{RUNTIME_ROLE}') THEN
        CREATE ROLE {RUNTIME_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;  -- another database of this cluster created it at the same moment
END $$
""",
    f"GRANT {RUNTIME_ROLE} TO CURRENT_USER",
    """
CREATE FUNCTION current_organization_id() RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT NULLIF(current_setting('app.current_organization_id', true), '')::uuid
$$
""",
    """
CREATE FUNCTION find_chat_identity(p_platform text, p_workspace_id text, p_platform_user_id text)
RETURNS TABLE (user_id uuid, organization_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT ci.user_id, ci.organization_id FROM chat_identities ci
    WHERE ci.platform = p_platform AND ci.workspace_id = p_workspace_id
      AND ci.platform_user_id = p_platform_user_id
$$
""",
)

GRANTS = (
    f"GRANT USAGE ON SCHEMA public TO {RUNTIME_ROLE}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {RUNTIME_ROLE}",
    f"REVOKE ALL ON alembic_version FROM {RUNTIME_ROLE}",
    f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {RUNTIME_ROLE}",
    f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {RUNTIME_ROLE}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {RUNTIME_ROLE}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {RUNTIME_ROLE}",
    # Partitions are reached through audit_logs only; the role needs no grant on them directly.
    f"""
DO $$
DECLARE part regclass;
BEGIN
    FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass LOOP
        EXECUTE format('REVOKE ALL ON %s FROM {RUNTIME_ROLE}', part);
    END LOOP;
END $$
""",
)

REVOKES = (
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM {RUNTIME_ROLE}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {RUNTIME_ROLE}",
    f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {RUNTIME_ROLE}",
    f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {RUNTIME_ROLE}",
    f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {RUNTIME_ROLE}",
    f"REVOKE USAGE ON SCHEMA public FROM {RUNTIME_ROLE}",
)


def enable_rls(table: str, condition: str) -> tuple[str, str]:
    return (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY tenant_isolation ON {table} USING ({condition}) WITH CHECK ({condition})",
    )


def upgrade() -> None:
    statements = [*ROLE_AND_TENANT, *enable_rls("organizations", "id = current_organization_id()")]
    for table in TENANT_TABLES:
        statements += enable_rls(table, "organization_id = current_organization_id()")
    for table, (key, parent) in CHILD_TABLES.items():
        statements += enable_rls(table, f"EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {table}.{key})")
    for statement in (*statements, *GRANTS):
        op.execute(statement)


def downgrade() -> None:
    for statement in REVOKES:
        op.execute(statement)
    for table in ("organizations", *TENANT_TABLES, *CHILD_TABLES):
        op.execute(f"DROP POLICY tenant_isolation ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP FUNCTION find_chat_identity(text, text, text)")
    op.execute("DROP FUNCTION current_organization_id()")
