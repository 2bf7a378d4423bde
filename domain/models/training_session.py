"""Scheduled training sessions and attendance (seed tables 16-17)."""

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, CreatedAt, TenantOfParent, Timestamp, UpdatedAt, UuidPk, one_of
from domain.models.enums import AttendanceStatus, SessionStatus, SessionType


class TrainingSession(Base):
    __tablename__ = "training_sessions"
    __table_args__ = (
        CheckConstraint(one_of("session_type", tuple(SessionType)), name="session_type"),
        CheckConstraint(one_of("status", tuple(SessionStatus)), name="status"),
        CheckConstraint("end_time > start_time", name="ends_after_start"),
        CheckConstraint("max_participants IS NULL OR max_participants > 0", name="max_participants"),
        Index("idx_sessions_org", "organization_id"),
        Index("idx_sessions_course", "course_id"),
        Index("idx_sessions_instructor", "instructor_id"),
        Index("idx_sessions_time", "start_time", "end_time"),
        Index("idx_sessions_status", "status"),
        UniqueConstraint("organization_id", "reference"),
    )

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))
    course_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("courses.id"))
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    instructor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    session_type: Mapped[str | None] = mapped_column(String(50), server_default=text("'live'"))
    start_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    end_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    location: Mapped[str | None] = mapped_column(String(255))
    meeting_url: Mapped[str | None] = mapped_column(Text)
    max_participants: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(50), server_default=text("'scheduled'"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]
    # Not in the seed (migration 0014): filled by a trigger when an insert gives none.
    reference: Mapped[int] = mapped_column(Integer, server_default=FetchedValue())
    checkin_code: Mapped[str] = mapped_column(String(12), server_default=FetchedValue())


class SessionAttendance(Base):
    __tablename__ = "session_attendances"
    __table_args__ = (
        CheckConstraint(one_of("status", tuple(AttendanceStatus)), name="status"),
        UniqueConstraint("session_id", "user_id"),
        Index("idx_attendances_session", "session_id"),
        Index("idx_attendances_user", "user_id"),
        Index("idx_attendances_status", "status"),
    )

    id: Mapped[UuidPk]
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"))
    organization_id: Mapped[TenantOfParent]
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str | None] = mapped_column(String(50), server_default=text("'registered'"))
    check_in_time: Mapped[Timestamp]
    check_out_time: Mapped[Timestamp]
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[CreatedAt]
