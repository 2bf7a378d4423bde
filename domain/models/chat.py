"""Tables the bot adds to the seed: chat identities and processed-update keys."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, CreatedAt, UpdatedAt, UuidPk, one_of
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


class ProcessedUpdate(Base):
    """Keys of platform updates already handled, so a redelivered webhook has no second effect."""

    __tablename__ = "processed_updates"
    __table_args__ = (Index("idx_processed_updates_processed_at", "processed_at"),)

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    update_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
