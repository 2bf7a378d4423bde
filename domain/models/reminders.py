"""The courses people muted reminders for (migration 0016; not in the seed)."""

import uuid

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, CreatedAt, UuidPk


class ReminderMute(Base):
    """`mute <course>`: no reminders of that course for this person (due dates, sessions, nudges)."""

    __tablename__ = "reminder_mutes"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id"),
        Index("idx_reminder_mutes_organization", "organization_id"),
        Index("idx_reminder_mutes_course", "course_id"),
    )

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    created_at: Mapped[CreatedAt]
