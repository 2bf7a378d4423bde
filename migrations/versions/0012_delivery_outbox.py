"""The delivery outbox: pgqueuer's job queue, a `deliveries` record per recipient, reachability and rate slots.

Revision ID: 0012_delivery_outbox
Revises: 0010_tenant_tight_database
Create Date: 2026-12-06

- pgqueuer's own tables (`pgqueuer`, `pgqueuer_log`, `pgqueuer_schedules`, `pgqueuer_statistics`, the type
  `pgqueuer_status` and its NOTIFY trigger), rendered by pgqueuer 1.6 (pinned in pyproject.toml) as its
  `pgq install` would. Jobs are enqueued in tenant transactions (as the runtime role), so `pgqueuer` and
  `pgqueuer_log` gain an `organization_id` (defaulting to the transaction's tenant; pgqueuer's own statements
  never name it) and row-level security: the runtime role may add and read back its own tenant's jobs, nothing
  more (no UPDATE, DELETE). The workers run pgqueuer as the connecting role (the tables' owner), which
  row-level security does not restrict. The runtime role has no rights on the other two.
- `deliveries` (new): one row per recipient of anything sent to someone other than the person who acted.
  Its status moves queued -> sending (the attempt is recorded before the platform is called) -> sent (with
  the platform's message ids) or failed (with the reason); `uncertain` when a send may or may not have
  reached the platform (a timeout after sending, a worker killed mid-send): never repeated blindly;
  `withdrawn` when its announcement was withdrawn first. Tenant-isolated like every table.
- `delivery_rate_slots` (new): per platform, the next moment a message may be sent, shared by every worker
  (a global rate limit across processes). Not tenant data: the runtime role has no rights on it (row-level
  security on, no policy) and claims a slot through `claim_delivery_slot()` / `hold_delivery_slot()` (SECURITY
  DEFINER).
- deliveries' references stay inside their tenant as 0010's do: (column, organization_id) keys to users,
  announcements, messages and chat_identities (the latter two get their UNIQUE (id, organization_id)).
- `chat_identities` gains `unreachable_at` / `unreachable_reason` (a permanent failure: the bot was blocked,
  the account or channel is gone; nothing more is sent to it until the person writes again),
  `last_seen_at` (the platform a person used last gets their deliveries), `notify_here` (`notify via
  telegram|slack` chose this identity) and `next_send_at` (the per-chat rate slot).
- `touch_chat_identity(id)` (SECURITY DEFINER, PL/pgSQL so its plan is kept): the statement that finds a
  chat update's sender calls it, so `last_seen_at` follows the platform a person uses, and someone marked
  unreachable who writes again (they unblocked the bot) is reachable again. It writes at most every ten
  minutes per identity, so most updates only read the row.
- `announcements` gains `withdrawn_at` (withdrawn by its author: not sent further, not listed),
  `fanned_out_at` (its recipients were resolved and their deliveries enqueued) and `is_draft` (being written
  in the guided flow: never listed or sent until confirmed), none of them in the seed.
"""

import importlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgqueuer.adapters.persistence.qb import QueryBuilderEnvironment
from sqlalchemy.dialects import postgresql

revision: str = "0012_delivery_outbox"
down_revision: str | None = "0011_certificates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "learnbot_app"
TIGHT = importlib.import_module("migrations.versions.0010_tenant_tight_database")
TENANT = "organization_id = current_organization_id()"
STATUSES = ("queued", "sending", "sent", "failed", "uncertain", "withdrawn")
KINDS = ("announcement", "message", "grading")


def quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


TOUCH = f"""
CREATE FUNCTION touch_chat_identity(p_identity uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE chat_identities SET last_seen_at = now(), unreachable_at = NULL, unreachable_reason = NULL
    WHERE id = p_identity
      AND (last_seen_at IS NULL OR last_seen_at < now() - interval '10 minutes' OR unreachable_at IS NOT NULL);
    RETURN FOUND;
END $$;
REVOKE ALL ON FUNCTION touch_chat_identity(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION touch_chat_identity(uuid) TO {RUNTIME_ROLE};
"""


def statements_of(script: str) -> list[str]:
    """A script's statements one by one (a migration runs each as a prepared statement): split at the `;` that
    end lines, except inside a dollar-quoted function body."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if line.rstrip().endswith(";") and current.count("$$") % 2 == 0:
            if current.strip(" \n;") and not all(
                part.strip().startswith("--") or not part.strip() for part in current.splitlines()
            ):
                statements.append(current.strip())
            current = ""
    return statements


TENANT_DEFAULT = "NULLIF(current_setting('app.current_organization_id', true), '')::uuid"
TENANT_JOBS = tuple(
    statement
    for table in ("pgqueuer", "pgqueuer_log")
    for statement in (
        f"ALTER TABLE {table} ADD COLUMN organization_id uuid DEFAULT {TENANT_DEFAULT}",
        f"REVOKE ALL ON {table} FROM PUBLIC, {RUNTIME_ROLE}",
        f"GRANT SELECT, INSERT ON {table} TO {RUNTIME_ROLE}",
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY tenant_enqueue ON {table} FOR INSERT TO {RUNTIME_ROLE} WITH CHECK ({TENANT})",
        f"CREATE POLICY tenant_read ON {table} FOR SELECT TO {RUNTIME_ROLE} USING ({TENANT})",
    )
)
SLOT_FUNCTIONS = {
    "claim_delivery_slot(text, double precision)": """
CREATE FUNCTION claim_delivery_slot(p_bucket text, p_interval double precision) RETURNS timestamptz
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO delivery_rate_slots AS s (bucket, next_slot)
    VALUES (p_bucket, clock_timestamp() + make_interval(secs => p_interval))
    ON CONFLICT (bucket) DO UPDATE
    SET next_slot = greatest(s.next_slot, clock_timestamp()) + make_interval(secs => p_interval)
    RETURNING greatest(s.next_slot - make_interval(secs => p_interval), clock_timestamp())
$$""",
    "hold_delivery_slot(text, double precision)": """
CREATE FUNCTION hold_delivery_slot(p_bucket text, p_seconds double precision) RETURNS timestamptz
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO delivery_rate_slots AS s (bucket, next_slot)
    VALUES (p_bucket, clock_timestamp() + make_interval(secs => p_seconds))
    ON CONFLICT (bucket) DO UPDATE
    SET next_slot = greatest(s.next_slot, clock_timestamp() + make_interval(secs => p_seconds))
    RETURNING next_slot
$$""",
}
# (table, column, referenced table, ON DELETE) as 0010's REFERENCES.
DELIVERY_REFERENCES = (
    ("deliveries", "user_id", "users", "CASCADE"),
    ("deliveries", "announcement_id", "announcements", "CASCADE"),
    ("deliveries", "message_id", "messages", "CASCADE"),
    ("deliveries", "chat_identity_id", "chat_identities", "SET NULL"),
)
NEWLY_REFERENCED = ("announcements", "chat_identities")


def upgrade() -> None:
    for statement in statements_of(QueryBuilderEnvironment().build_install_query(create_schema=False)):
        op.execute(statement)
    for statement in TENANT_JOBS:
        op.execute(statement)
    for table in ("pgqueuer_schedules", "pgqueuer_statistics"):
        op.execute(f"REVOKE ALL ON {table} FROM PUBLIC, {RUNTIME_ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {RUNTIME_ROLE}")

    op.create_table(
        "deliveries",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("announcement_id", sa.UUID(), nullable=True),
        sa.Column("message_id", sa.UUID(), nullable=True),
        sa.Column("replies", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb")),
        sa.Column("status", sa.String(length=20), server_default=sa.text("'queued'"), nullable=False),
        sa.Column("chat_identity_id", sa.UUID(), nullable=True),
        sa.Column("platform", sa.String(length=20), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("platform_message_ids", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]")),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint(f"status IN ({quoted(STATUSES)})", name=op.f("ck_deliveries_status")),
        sa.CheckConstraint(f"kind IN ({quoted(KINDS)})", name=op.f("ck_deliveries_kind")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_deliveries_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_deliveries_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcements.id"],
            name=op.f("fk_deliveries_announcement_id_announcements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_deliveries_message_id_messages"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["chat_identity_id"],
            ["chat_identities.id"],
            name=op.f("fk_deliveries_chat_identity_id_chat_identities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("announcement_id", "user_id", name=op.f("uq_deliveries_announcement_id_user_id")),
    )
    op.create_index("idx_deliveries_organization", "deliveries", ["organization_id"])
    op.create_index("idx_deliveries_user", "deliveries", ["user_id"])
    op.create_index("idx_deliveries_message", "deliveries", ["message_id"])
    op.execute("ALTER TABLE deliveries ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant_isolation ON deliveries USING ({TENANT}) WITH CHECK ({TENANT})")
    op.execute(
        "CREATE TRIGGER update_deliveries_updated_at BEFORE UPDATE ON deliveries "
        "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
    )

    op.create_table(
        "delivery_rate_slots",
        sa.Column("bucket", sa.String(length=100), nullable=False),
        sa.Column("next_slot", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("bucket", name=op.f("pk_delivery_rate_slots")),
    )

    op.add_column("chat_identities", sa.Column("unreachable_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("chat_identities", sa.Column("unreachable_reason", sa.Text(), nullable=True))
    op.add_column("chat_identities", sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "chat_identities", sa.Column("notify_here", sa.Boolean(), server_default=sa.text("false"), nullable=False)
    )
    op.add_column("chat_identities", sa.Column("next_send_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("announcements", sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("announcements", sa.Column("fanned_out_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("announcements", sa.Column("is_draft", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON deliveries TO {RUNTIME_ROLE}")
    op.execute(f"REVOKE ALL ON delivery_rate_slots FROM PUBLIC, {RUNTIME_ROLE}")
    op.execute("ALTER TABLE delivery_rate_slots ENABLE ROW LEVEL SECURITY")
    for signature, definition in SLOT_FUNCTIONS.items():
        op.execute(definition)
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {RUNTIME_ROLE}")
    for table in NEWLY_REFERENCED:
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {TIGHT.tenant_key(table)} UNIQUE (id, organization_id)")
    for row in DELIVERY_REFERENCES:
        op.execute(TIGHT.reference(*row))
    for statement in statements_of(TOUCH):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP FUNCTION touch_chat_identity(uuid)")
    for signature in SLOT_FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
    for table, column, _, _ in DELIVERY_REFERENCES:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {TIGHT.tenant_reference(table, column)}")
    for table in NEWLY_REFERENCED:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {TIGHT.tenant_key(table)}")
    for column in ("is_draft", "fanned_out_at", "withdrawn_at"):
        op.drop_column("announcements", column)
    for column in ("next_send_at", "notify_here", "last_seen_at", "unreachable_reason", "unreachable_at"):
        op.drop_column("chat_identities", column)
    op.drop_table("delivery_rate_slots")
    op.drop_table("deliveries")
    for statement in statements_of(QueryBuilderEnvironment().build_uninstall_query()):
        op.execute(statement)
