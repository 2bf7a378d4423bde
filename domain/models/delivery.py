"""The delivery outbox (migration 0012): one row per recipient of something sent to them, and rate slots."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, CreatedAt, Timestamp, UpdatedAt, UuidPk, one_of


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    # The platform may or may not have taken it (a timeout after sending, a worker killed mid-send).
    UNCERTAIN = "uncertain"
    WITHDRAWN = "withdrawn"


# The failure_reason of a delivery whose person has no chat account left to try (none linked, or every linked
# one marked unreachable): the author's counts call these unreachable, and other failures failed.
NO_CHAT_ACCOUNT = "no reachable chat account (not linked, or every linked one is unreachable)"


class DeliveryKind(StrEnum):
    ANNOUNCEMENT = "announcement"
    MESSAGE = "message"
    GRADING = "grading"
    # A certificate link (someone else completed the course) or a reminder before it expires.
    CERTIFICATE = "certificate"
    # A reminder a scheduled job sends (before and after a course's due date), held by quiet hours.
    REMINDER = "reminder"


class Delivery(Base):
    """One recipient's copy of an announcement, a message or a grading result, and how its sending went."""

    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint(one_of("status", tuple(DeliveryStatus)), name="status"),
        CheckConstraint(one_of("kind", tuple(DeliveryKind)), name="kind"),
        UniqueConstraint("announcement_id", "user_id"),
        Index("idx_deliveries_organization", "organization_id"),
        Index("idx_deliveries_user", "user_id"),
        Index("idx_deliveries_message", "message_id"),
        Index("uq_deliveries_once_key", "once_key", unique=True, postgresql_where=text("once_key IS NOT NULL")),
        # The once_key's subject (`due-date:<enrollment>:...`): an enrollment's reminders counted (migration 0016).
        Index(
            "idx_deliveries_once_subject",
            text("split_part(once_key, ':', 2)"),
            postgresql_where=text("once_key IS NOT NULL"),
        ),
    )

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    announcement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("announcements.id", ondelete="CASCADE"))
    message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    # The neutral replies to send (domain.replies.Reply as JSON); an announcement's are made from its row.
    replies: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    status: Mapped[str] = mapped_column(String(20), server_default=text("'queued'"))
    chat_identity_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("chat_identities.id", ondelete="SET NULL"))
    platform: Mapped[str | None] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    platform_message_ids: Mapped[list[str] | None] = mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    # Set for a delivery that may exist only once however often it is enqueued (a certificate's reminder).
    once_key: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[CreatedAt]
    attempted_at: Mapped[Timestamp]
    sent_at: Mapped[Timestamp]
    updated_at: Mapped[UpdatedAt]


class DeliveryRateSlot(Base):
    """Per platform, the next moment a message may go out: one rate limit shared by every worker."""

    __tablename__ = "delivery_rate_slots"

    bucket: Mapped[str] = mapped_column(String(100), primary_key=True)
    next_slot: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=text("now()"))
