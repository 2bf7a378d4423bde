"""Tables the bot adds to the seed: chat identities and processed-update keys.

Revision ID: 0003_chat_tables
Revises: 0002_functions_triggers
Create Date: 2026-11-25

chat_identities links a person's account on a chat platform (Telegram user, Slack user within a
team, console) to their users row; unique per platform + workspace + platform user.
processed_updates records the key of every platform update handled (Telegram update_id, Slack
event_id, ...) so a redelivered webhook has no second effect.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_chat_tables"
down_revision: str | None = "0002_functions_triggers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # chat_identities
    op.create_table(
        "chat_identities",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("workspace_id", sa.String(length=100), server_default=sa.text("''"), nullable=False),
        sa.Column("platform_user_id", sa.String(length=100), nullable=False),
        sa.Column("dm_chat_id", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint("platform IN ('telegram', 'slack', 'console')", name=op.f("ck_chat_identities_platform")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_chat_identities_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_chat_identities_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_identities")),
        sa.UniqueConstraint(
            "platform",
            "workspace_id",
            "platform_user_id",
            name=op.f("uq_chat_identities_platform_workspace_id_platform_user_id"),
        ),
    )
    op.create_index("idx_chat_identities_organization", "chat_identities", ["organization_id"], unique=False)
    op.create_index("idx_chat_identities_user", "chat_identities", ["user_id"], unique=False)

    # processed_updates
    op.create_table(
        "processed_updates",
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("update_key", sa.String(length=255), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("platform", "update_key", name=op.f("pk_processed_updates")),
    )
    op.create_index("idx_processed_updates_processed_at", "processed_updates", ["processed_at"], unique=False)
    op.execute(UPDATED_AT_TRIGGER)


def downgrade() -> None:
    op.drop_table("processed_updates")
    op.drop_table("chat_identities")


UPDATED_AT_TRIGGER = """
CREATE TRIGGER update_chat_identities_updated_at BEFORE UPDATE ON chat_identities
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
"""
