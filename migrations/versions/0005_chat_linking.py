"""Chat linking and conversation state: invites, Slack workspaces, pending prompts, Telegram polls, the inbox.

Revision ID: 0005_chat_linking
Revises: 0004_tenant_security
Create Date: 2026-11-25

- invites: one-time codes an admin makes for a person (`learnbot invite`); Telegram `/start <code>` redeems
  one and links the Telegram account. Tenant table (organization_id).
- slack_workspaces: a Slack team connected to an organization; its members are linked by their email.
  Tenant table; team_id is the key, so a team belongs to one organization.
- conversation_states: per chat identity, the action the next free text answers (Reply.text_action).
  It has no organization_id: like the seed's child tables it is visible when its chat identity is.
- telegram_polls: a quiz question sent as a native poll, so the poll_answer update (which carries only
  the poll id and the voter) maps back to the answer action. Tenant table.
- chat_inbox: updates persisted before they are acknowledged (Slack must be answered within 3 s), worked on
  afterwards, and swept when a crash strands them. Like processed_updates it is written before the tenant
  is known and has no tenant.

What happens before the tenant is known goes through SECURITY DEFINER functions that answer only for one
exact key (an invite code, a Slack team, a poll id, a phone number or email of a person), like
find_chat_identity() in 0004; they are executable by learnbot_app only, not by PUBLIC.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_chat_linking"
down_revision: str | None = "0004_tenant_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "learnbot_app"
TENANT_TABLES = ("invites", "slack_workspaces", "telegram_polls")
NEW_TABLES = (*TENANT_TABLES, "conversation_states", "chat_inbox")

# Digits only, an international "00" prefix dropped: "+1 (555) 010-0100" and "0015550100100" agree.
PHONE_DIGITS = "regexp_replace(regexp_replace({value}, '[^0-9]', '', 'g'), '^00', '')"

FUNCTIONS = {
    # find_chat_identity() plus what the chat layer needs next, in one round trip.
    "find_chat_sender(text, text, text)": """
CREATE FUNCTION find_chat_sender(p_platform text, p_workspace_id text, p_platform_user_id text)
RETURNS TABLE (
    chat_identity_id uuid, user_id uuid, organization_id uuid, pending_action text, pending_since timestamptz
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT ci.id, ci.user_id, ci.organization_id, cs.pending_action, cs.pending_since
    FROM chat_identities ci LEFT JOIN conversation_states cs ON cs.chat_identity_id = ci.id
    WHERE ci.platform = p_platform AND ci.workspace_id = p_workspace_id
      AND ci.platform_user_id = p_platform_user_id
$$
""",
    "find_invite(text)": """
CREATE FUNCTION find_invite(p_code text)
RETURNS TABLE (user_id uuid, organization_id uuid, expires_at timestamptz, used_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT i.user_id, i.organization_id, i.expires_at, i.used_at FROM invites i WHERE i.code = p_code
$$
""",
    "find_slack_workspace(text)": """
CREATE FUNCTION find_slack_workspace(p_team_id text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT w.organization_id FROM slack_workspaces w WHERE w.team_id = p_team_id
$$
""",
    "find_telegram_poll(text)": """
CREATE FUNCTION find_telegram_poll(p_poll_id text)
RETURNS TABLE (organization_id uuid, user_id uuid, chat_id text, message_id bigint, answer_action text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT p.organization_id, p.user_id, p.chat_id, p.message_id, p.answer_action
    FROM telegram_polls p WHERE p.poll_id = p_poll_id
$$
""",
    # A stored number written nationally ("0170 1234567") matches the international form Telegram sends
    # ("491701234567") when the rest agrees and what differs is a country code of 1-3 digits.
    "find_users_by_phone(text)": f"""
CREATE FUNCTION find_users_by_phone(p_phone text) RETURNS TABLE (user_id uuid, organization_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH wanted AS (SELECT {PHONE_DIGITS.format(value="p_phone")} AS digits),
    people AS (
        SELECT u.id, u.organization_id, {PHONE_DIGITS.format(value="u.phone")} AS digits FROM users u
        WHERE u.phone IS NOT NULL AND u.organization_id IS NOT NULL AND u.is_active IS NOT FALSE
    )
    SELECT p.id, p.organization_id FROM people p, wanted w
    WHERE length(w.digits) >= 7 AND (
        p.digits = w.digits
        OR (p.digits ~ '^0[1-9]' AND length(p.digits) >= 8
            AND length(w.digits) - length(p.digits) + 1 BETWEEN 1 AND 3
            AND right(w.digits, length(p.digits) - 1) = substr(p.digits, 2))
    )
$$
""",
    "find_users_by_email(text)": """
CREATE FUNCTION find_users_by_email(p_email text) RETURNS TABLE (user_id uuid, organization_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT u.id, u.organization_id FROM users u
    WHERE lower(u.email) = lower(btrim(p_email)) AND u.organization_id IS NOT NULL AND u.is_active IS NOT FALSE
$$
""",
}


def upgrade() -> None:
    op.create_table(
        "invites",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_invites_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_invites_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_invites_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_invites")),
    )
    op.create_index("idx_invites_organization", "invites", ["organization_id"], unique=False)
    op.create_index("idx_invites_user", "invites", ["user_id"], unique=False)

    op.create_table(
        "slack_workspaces",
        sa.Column("team_id", sa.String(length=100), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("connected_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_slack_workspaces_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_slack_workspaces")),
    )
    op.create_index("idx_slack_workspaces_organization", "slack_workspaces", ["organization_id"], unique=False)

    op.create_table(
        "conversation_states",
        sa.Column("chat_identity_id", sa.UUID(), nullable=False),
        sa.Column("pending_action", sa.Text(), nullable=True),
        sa.Column("pending_since", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["chat_identity_id"],
            ["chat_identities.id"],
            name=op.f("fk_conversation_states_chat_identity_id_chat_identities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("chat_identity_id", name=op.f("pk_conversation_states")),
    )

    op.create_table(
        "telegram_polls",
        sa.Column("poll_id", sa.String(length=100), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("answer_action", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_telegram_polls_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_telegram_polls_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("poll_id", name=op.f("pk_telegram_polls")),
    )
    op.create_index("idx_telegram_polls_created_at", "telegram_polls", ["created_at"], unique=False)
    op.create_index("idx_telegram_polls_organization", "telegram_polls", ["organization_id"], unique=False)

    op.create_table(
        "chat_inbox",
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("update_key", sa.String(length=255), nullable=False),
        sa.Column("incoming", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("platform", "update_key", name=op.f("pk_chat_inbox")),
    )
    op.create_index(
        "idx_chat_inbox_unhandled",
        "chat_inbox",
        ["received_at"],
        unique=False,
        postgresql_where=sa.text("handled_at IS NULL"),
    )

    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        condition = "organization_id = current_organization_id()"
        op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({condition}) WITH CHECK ({condition})")
    visible_identity = "EXISTS (SELECT 1 FROM chat_identities p WHERE p.id = conversation_states.chat_identity_id)"
    op.execute("ALTER TABLE conversation_states ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON conversation_states USING ({visible_identity}) "
        f"WITH CHECK ({visible_identity})"
    )

    for signature, definition in FUNCTIONS.items():
        op.execute(definition)
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {RUNTIME_ROLE}")
    for table in NEW_TABLES:
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {RUNTIME_ROLE}")


def downgrade() -> None:
    for signature in FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
