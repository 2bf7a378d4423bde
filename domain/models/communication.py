"""Announcements and internal messages (seed tables 18-19)."""

import uuid

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, CreatedAt, Timestamp, UpdatedAt, UuidPk, one_of
from domain.models.enums import Priority


class Announcement(Base):
    __tablename__ = "announcements"
    __table_args__ = (
        CheckConstraint(one_of("priority", tuple(Priority)), name="priority"),
        Index("idx_announcements_org", "organization_id"),
        Index("idx_announcements_course", "course_id"),
        Index("idx_announcements_department", "department_id"),
        Index("idx_announcements_published", "published_at"),
        Index("idx_announcements_pinned", "is_pinned"),
    )

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))
    course_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("courses.id"))
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    title: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text)
    priority: Mapped[str | None] = mapped_column(String(50), server_default=text("'normal'"))
    is_pinned: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    published_at: Mapped[Timestamp]
    expires_at: Mapped[Timestamp]
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]
    # Migration 0012: withdrawn by its author; its recipients resolved and their deliveries enqueued.
    withdrawn_at: Mapped[Timestamp]
    fanned_out_at: Mapped[Timestamp]
    # Being written in the guided flow: not listed, not sent until confirmed.
    is_draft: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("idx_messages_org", "organization_id"),
        Index("idx_messages_sender", "sender_id"),
        Index("idx_messages_recipient", "recipient_id"),
        Index("idx_messages_course", "course_id"),
        Index("idx_messages_read", "is_read"),
        Index("idx_messages_created", "created_at"),
    )

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))
    sender_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    recipient_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    course_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("courses.id"))
    subject: Mapped[str | None] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text)
    is_read: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    read_at: Mapped[Timestamp]
    is_archived: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    parent_message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    created_at: Mapped[CreatedAt]
