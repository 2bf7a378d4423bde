"""Course structure: courses, prerequisites, modules, content (seed tables 4-7)."""

import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
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
from domain.models.enums import ContentType, CourseStatus, DifficultyLevel


class Course(Base):
    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint(one_of("difficulty_level", tuple(DifficultyLevel)), name="difficulty_level"),
        CheckConstraint(one_of("status", tuple(CourseStatus)), name="status"),
        CheckConstraint("estimated_duration IS NULL OR estimated_duration >= 0", name="estimated_duration"),
        CheckConstraint("max_enrollments IS NULL OR max_enrollments > 0", name="max_enrollments"),
        UniqueConstraint("organization_id", "course_code"),
        Index("idx_courses_organization", "organization_id"),
        Index("idx_courses_instructor", "instructor_id"),
        Index("idx_courses_department", "department_id"),
        Index("idx_courses_status", "status"),
        Index("idx_courses_code", "course_code"),
    )

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))
    course_code: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    instructor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    thumbnail_url: Mapped[str | None] = mapped_column(Text)
    difficulty_level: Mapped[str | None] = mapped_column(String(50), server_default=text("'beginner'"))
    estimated_duration: Mapped[int | None] = mapped_column(Integer)
    max_enrollments: Mapped[int | None] = mapped_column(Integer)
    is_certified: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    certificate_template_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("certificate_templates.id"))
    status: Mapped[str | None] = mapped_column(String(50), server_default=text("'draft'"))
    is_public: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    tags: Mapped[EmptyTextArray]
    # "metadata" is reserved on declarative classes; the column keeps the seed's name.
    meta: Mapped[EmptyJson] = mapped_column("metadata")
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]
    published_at: Mapped[Timestamp]


class CoursePrerequisite(Base):
    __tablename__ = "course_prerequisites"
    __table_args__ = (
        UniqueConstraint("course_id", "prerequisite_course_id"),
        CheckConstraint("course_id <> prerequisite_course_id", name="not_self"),
        Index("idx_prerequisites_course", "course_id"),
        Index("idx_prerequisites_prerequisite", "prerequisite_course_id"),
    )

    id: Mapped[UuidPk]
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    organization_id: Mapped[TenantOfParent]
    prerequisite_course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    is_mandatory: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    created_at: Mapped[CreatedAt]


class Module(Base):
    __tablename__ = "modules"
    __table_args__ = (
        # The seed's UNIQUE(course_id, order) and idx_modules_order are the same index: one, named as the seed.
        UniqueConstraint("course_id", "order", name="idx_modules_order"),
        Index("idx_modules_course", "course_id"),
    )

    id: Mapped[UuidPk]
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    organization_id: Mapped[TenantOfParent]
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    order: Mapped[int] = mapped_column(Integer)
    estimated_duration: Mapped[int | None] = mapped_column(Integer)
    is_required: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    unlock_condition: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class Content(Base):
    __tablename__ = "content"
    __table_args__ = (
        CheckConstraint(one_of("content_type", tuple(ContentType)), name="content_type"),
        CheckConstraint("file_size IS NULL OR file_size >= 0", name="file_size"),
        CheckConstraint("duration IS NULL OR duration >= 0", name="duration"),
        Index("idx_content_module", "module_id"),
        Index("idx_content_type", "content_type"),
        Index("idx_content_order", "module_id", "order"),
    )

    id: Mapped[UuidPk]
    module_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    organization_id: Mapped[TenantOfParent]
    content_type: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    order: Mapped[int] = mapped_column(Integer)
    file_url: Mapped[str | None] = mapped_column(Text)
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    duration: Mapped[int | None] = mapped_column(Integer)
    content_data: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    is_required: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]
