"""Enrollments and progress (seed tables 9-10)."""

import uuid
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, CreatedAt, TenantOfParent, Timestamp, UpdatedAt, UuidPk, one_of
from domain.models.enums import EnrollmentStatus, EnrollmentType, ProgressStatus

PERCENTAGE_RANGE = "progress_percentage IS NULL OR progress_percentage BETWEEN 0 AND 100"


class Enrollment(Base):
    __tablename__ = "enrollments"
    __table_args__ = (
        CheckConstraint(one_of("enrollment_type", tuple(EnrollmentType)), name="enrollment_type"),
        CheckConstraint(one_of("status", tuple(EnrollmentStatus)), name="status"),
        CheckConstraint(PERCENTAGE_RANGE, name="progress_percentage"),
        UniqueConstraint("trainee_id", "course_id"),
        Index("idx_enrollments_trainee", "trainee_id"),
        Index("idx_enrollments_course", "course_id"),
        Index("idx_enrollments_status", "status"),
        # Not in the seed (migration 0016): the open enrollments with a due date, for the reminder job.
        Index(
            "idx_enrollments_due",
            "due_date",
            postgresql_where=text("due_date IS NOT NULL AND status IN ('enrolled', 'in_progress')"),
        ),
    )

    id: Mapped[UuidPk]
    trainee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id"))
    organization_id: Mapped[TenantOfParent]
    enrolled_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    enrollment_type: Mapped[str | None] = mapped_column(String(50), server_default=text("'self'"))
    status: Mapped[str | None] = mapped_column(String(50), server_default=text("'enrolled'"))
    progress_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), server_default=text("0.00"))
    started_at: Mapped[Timestamp]
    completed_at: Mapped[Timestamp]
    due_date: Mapped[Timestamp]
    certificate_issued: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    certificate_issued_at: Mapped[Timestamp]
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class Progress(Base):
    __tablename__ = "progress"
    __table_args__ = (
        CheckConstraint(one_of("status", tuple(ProgressStatus)), name="status"),
        CheckConstraint(PERCENTAGE_RANGE, name="progress_percentage"),
        CheckConstraint("time_spent IS NULL OR time_spent >= 0", name="time_spent"),
        # Seed defect: a plain UNIQUE treats NULLs as distinct, so module-level rows (content_id NULL)
        # could be duplicated. NULLS NOT DISTINCT (PostgreSQL 15+) makes them collide as intended.
        UniqueConstraint("enrollment_id", "module_id", "content_id", postgresql_nulls_not_distinct=True),
        Index("idx_progress_enrollment", "enrollment_id"),
        Index("idx_progress_module", "module_id"),
        Index("idx_progress_content", "content_id"),
        Index("idx_progress_status", "status"),
    )

    id: Mapped[UuidPk]
    enrollment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"))
    organization_id: Mapped[TenantOfParent]
    module_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    content_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("content.id", ondelete="CASCADE"))
    status: Mapped[str | None] = mapped_column(String(50), server_default=text("'not_started'"))
    progress_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), server_default=text("0.00"))
    time_spent: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    last_accessed_at: Mapped[Timestamp]
    started_at: Mapped[Timestamp]
    completed_at: Mapped[Timestamp]
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]
