"""Assessments, attempts, assignments and submissions (seed tables 8, 11, 14, 15)."""

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import (
    Base,
    CreatedAt,
    EmptyJson,
    EmptyTextArray,
    TenantOfParent,
    Timestamp,
    UpdatedAt,
    UuidPk,
    one_of,
)
from domain.models.enums import AssessmentType, SubmissionStatus


class Assessment(Base):
    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint(one_of("type", tuple(AssessmentType)), name="type"),
        CheckConstraint("passing_score IS NULL OR passing_score BETWEEN 0 AND 100", name="passing_score"),
        CheckConstraint("max_attempts IS NULL OR max_attempts > 0", name="max_attempts"),
        CheckConstraint("time_limit IS NULL OR time_limit > 0", name="time_limit"),
        Index("idx_assessments_module", "module_id"),
        Index("idx_assessments_course", "course_id"),
        Index("idx_assessments_type", "type"),
    )

    id: Mapped[UuidPk]
    module_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("modules.id", ondelete="SET NULL"))
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    organization_id: Mapped[TenantOfParent]
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(String(50), server_default=text("'quiz'"))
    passing_score: Mapped[int | None] = mapped_column(Integer, server_default=text("70"))
    max_attempts: Mapped[int | None] = mapped_column(Integer)
    time_limit: Mapped[int | None] = mapped_column(Integer)
    is_required: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    questions: Mapped[dict[str, Any]] = mapped_column(JSONB)
    settings: Mapped[EmptyJson]
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class AssessmentAttempt(Base):
    __tablename__ = "assessment_attempts"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "assessment_id", "attempt_number"),
        CheckConstraint("attempt_number > 0", name="attempt_number"),
        CheckConstraint("score IS NULL OR score BETWEEN 0 AND 100", name="score"),
        Index("idx_attempts_enrollment", "enrollment_id"),
        Index("idx_attempts_assessment", "assessment_id"),
        Index("idx_attempts_submitted", "submitted_at"),
    )

    id: Mapped[UuidPk]
    enrollment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"))
    organization_id: Mapped[TenantOfParent]
    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    attempt_number: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSONB)
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    is_passed: Mapped[bool | None] = mapped_column(Boolean)
    time_taken: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[CreatedAt]
    submitted_at: Mapped[Timestamp]
    graded_at: Mapped[Timestamp]
    graded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    feedback: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[CreatedAt]
    # Migration 0020: the enrollment started afresh (Recertify); kept as history, no longer counted.
    superseded_at: Mapped[Timestamp]


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("max_score IS NULL OR max_score > 0", name="max_score"),
        Index("idx_assignments_course", "course_id"),
        Index("idx_assignments_module", "module_id"),
        Index("idx_assignments_due_date", "due_date"),
    )

    id: Mapped[UuidPk]
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    organization_id: Mapped[TenantOfParent]
    module_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("modules.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    instructions: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[Timestamp]
    max_score: Mapped[int | None] = mapped_column(Integer, server_default=text("100"))
    is_required: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class AssignmentSubmission(Base):
    __tablename__ = "assignment_submissions"
    __table_args__ = (
        CheckConstraint(one_of("status", tuple(SubmissionStatus)), name="status"),
        CheckConstraint("score IS NULL OR score >= 0", name="score"),
        UniqueConstraint("assignment_id", "enrollment_id"),
        Index("idx_submissions_assignment", "assignment_id"),
        Index("idx_submissions_enrollment", "enrollment_id"),
        Index("idx_submissions_status", "status"),
    )

    id: Mapped[UuidPk]
    assignment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    enrollment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"))
    organization_id: Mapped[TenantOfParent]
    submission_text: Mapped[str | None] = mapped_column(Text)
    submission_files: Mapped[EmptyTextArray]
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    feedback: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(50), server_default=text("'submitted'"))
    submitted_at: Mapped[CreatedAt]
    graded_at: Mapped[Timestamp]
    graded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]
    # Migration 0020: the enrollment started afresh (Recertify); kept as history, no longer counted.
    superseded_at: Mapped[Timestamp]
