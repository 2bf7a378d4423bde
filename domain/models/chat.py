"""Tables the bot adds to the seed: chat identities, processed-update keys, and chat linking and state."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, CreatedAt, TenantOfParent, UpdatedAt, UuidPk, one_of
from domain.models.enums import ChatPlatform


class ChatIdentity(Base):
    """A person's account on one chat platform, linked to their LearnBot user."""

    __tablename__ = "chat_identities"
    __table_args__ = (
        CheckConstraint(one_of("platform", tuple(ChatPlatform)), name="platform"),
        UniqueConstraint("platform", "workspace_id", "platform_user_id"),
        Index("idx_chat_identities_user", "user_id"),
        Index("idx_chat_identities_organization", "organization_id"),
    )

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(20))
    # Slack team id; Telegram and the console have one namespace each, stored as ''.
    workspace_id: Mapped[str] = mapped_column(String(100), server_default=text("''"))
    platform_user_id: Mapped[str] = mapped_column(String(100))
    dm_chat_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]
    # Migration 0012 (delivery outbox): a permanent send failure, the platform used last, the chosen one for
    # deliveries (`notify via`), and the per-chat rate slot.
    unreachable_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unreachable_reason: Mapped[str | None] = mapped_column(Text)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    notify_here: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    next_send_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ProcessedUpdate(Base):
    """Keys of platform updates already handled, so a redelivered webhook has no second effect."""

    __tablename__ = "processed_updates"
    __table_args__ = (Index("idx_processed_updates_processed_at", "processed_at"),)

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    update_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Invite(Base):
    """A one-time code that links a chat account to a user (Telegram `/start <code>`)."""

    __tablename__ = "invites"
    __table_args__ = (
        Index("idx_invites_organization", "organization_id"),
        Index("idx_invites_user", "user_id"),
    )

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # NULL when made from the command line, which acts as no user.
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SlackWorkspace(Base):
    """A Slack team connected to an organization: its members are linked by their email."""

    __tablename__ = "slack_workspaces"
    __table_args__ = (Index("idx_slack_workspaces_organization", "organization_id"),)

    team_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    connected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ConversationState(Base):
    """Per chat identity: what the next free text answers (a reply's Prompt, as the registry writes it), if any."""

    __tablename__ = "conversation_states"

    chat_identity_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_identities.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[TenantOfParent]
    pending_action: Mapped[str | None] = mapped_column(Text)
    pending_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TelegramPoll(Base):
    """A quiz question sent as a native Telegram poll, so its poll_answer maps back to an answer action."""

    __tablename__ = "telegram_polls"
    __table_args__ = (
        Index("idx_telegram_polls_organization", "organization_id"),
        Index("idx_telegram_polls_created_at", "created_at"),
    )

    poll_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(String(100))
    message_id: Mapped[int] = mapped_column(BigInteger)
    answer_action: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ChatInboxEntry(Base):
    """An update stored before it is acknowledged (Slack acks within 3 s), worked on after; swept if stranded."""

    __tablename__ = "chat_inbox"
    __table_args__ = (
        # The sweep looks only at rows not handled yet.
        Index("idx_chat_inbox_unhandled", "received_at", postgresql_where=text("handled_at IS NULL")),
    )

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    update_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    incoming: Mapped[dict[str, Any]] = mapped_column(JSONB)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
