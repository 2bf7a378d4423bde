"""The chat layer's lookups before the tenant is known, made cheap for every update.

Revision ID: 0008_chat_lookups_fast
Revises: 0007_progress_with_pending
Create Date: 2026-11-25

- find_chat_sender() runs at the start of every chat update. As a SQL-language SECURITY DEFINER function it
  is never inlined, so PostgreSQL planned its body on every call; in PL/pgSQL the plan is kept for the
  connection (the same reason as 0006).
- remember_telegram_poll(): a sent quiz poll is stored in one statement for the chat identity it went to,
  instead of a lookup and a tenant transaction (bench/telegram_webhook.py: eight round trips down to one).
- find_telegram_poll() goes: a poll vote is now read in the voter's own transaction, where row-level
  security applies and the poll must have been sent to the voter (a poll forwarded to someone else can no
  longer be answered in its recipient's name). The downgrade brings it back.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_chat_lookups_fast"
down_revision: str | None = "0007_progress_with_pending"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "learnbot_app"

SENDER_COLUMNS = (
    "chat_identity_id uuid, user_id uuid, organization_id uuid, pending_action text, pending_since timestamptz"
)
SENDER_QUERY = """
    SELECT ci.id, ci.user_id, ci.organization_id, cs.pending_action, cs.pending_since
    FROM chat_identities ci LEFT JOIN conversation_states cs ON cs.chat_identity_id = ci.id
    WHERE ci.platform = p_platform AND ci.workspace_id = p_workspace_id
      AND ci.platform_user_id = p_platform_user_id"""


def find_chat_sender(language: str) -> str:
    body = f"BEGIN RETURN QUERY {SENDER_QUERY}; END" if language == "plpgsql" else SENDER_QUERY
    return f"""
CREATE OR REPLACE FUNCTION find_chat_sender(p_platform text, p_workspace_id text, p_platform_user_id text)
RETURNS TABLE ({SENDER_COLUMNS})
LANGUAGE {language} STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ {body} $$
"""


REMEMBER_POLL = """
CREATE FUNCTION remember_telegram_poll(
    p_poll_id text, p_platform_user_id text, p_chat_id text, p_message_id bigint, p_answer_action text
) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_organization_id uuid;
    v_user_id uuid;
BEGIN
    SELECT ci.organization_id, ci.user_id INTO v_organization_id, v_user_id
    FROM chat_identities ci
    WHERE ci.platform = 'telegram' AND ci.workspace_id = '' AND ci.platform_user_id = p_platform_user_id;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO telegram_polls (poll_id, organization_id, user_id, chat_id, message_id, answer_action)
    VALUES (p_poll_id, v_organization_id, v_user_id, p_chat_id, p_message_id, p_answer_action)
    ON CONFLICT (poll_id) DO NOTHING;
    RETURN true;
END $$
"""
REMEMBER_POLL_SIGNATURE = "remember_telegram_poll(text, text, text, bigint, text)"

FIND_POLL = """
CREATE FUNCTION find_telegram_poll(p_poll_id text)
RETURNS TABLE (organization_id uuid, user_id uuid, chat_id text, message_id bigint, answer_action text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT p.organization_id, p.user_id, p.chat_id, p.message_id, p.answer_action
    FROM telegram_polls p WHERE p.poll_id = p_poll_id
$$
"""
FIND_POLL_SIGNATURE = "find_telegram_poll(text)"


def grant(signature: str) -> None:
    op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {RUNTIME_ROLE}")


def upgrade() -> None:
    op.execute(find_chat_sender("plpgsql"))
    op.execute(REMEMBER_POLL)
    grant(REMEMBER_POLL_SIGNATURE)
    op.execute(f"DROP FUNCTION {FIND_POLL_SIGNATURE}")


def downgrade() -> None:
    op.execute(FIND_POLL)
    grant(FIND_POLL_SIGNATURE)
    op.execute(f"DROP FUNCTION {REMEMBER_POLL_SIGNATURE}")
    op.execute(find_chat_sender("sql"))
