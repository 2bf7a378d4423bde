"""Tenants and people: organizations, departments, users (seed tables 1-3)."""

import uuid

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import (
    Base,
    CreatedAt,
    EmptyJson,
    EmptyTextArray,
    Timestamp,
    UpdatedAt,
    UuidPk,
    one_of,
)
from domain.models.enums import Role, SubscriptionTier


class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = (
        CheckConstraint(one_of("subscription_tier", tuple(SubscriptionTier)), name="subscription_tier"),
        # The unique constraint doubles as the seed's idx_organizations_slug (no second, identical index).
        UniqueConstraint("slug", name="idx_organizations_slug"),
        Index("idx_organizations_domain", "domain"),
    )

    id: Mapped[UuidPk]
    name: Mapped[str] = mapped_column(String(255), unique=True)
    slug: Mapped[str] = mapped_column(String(255))
    domain: Mapped[str | None] = mapped_column(String(255), unique=True)
    logo_url: Mapped[str | None] = mapped_column(Text)
    settings: Mapped[EmptyJson]
    subscription_tier: Mapped[str | None] = mapped_column(String(50), server_default=text("'free'"))
    is_active: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class Department(Base):
    __tablename__ = "departments"
    __table_args__ = (
        UniqueConstraint("organization_id", "code"),
        Index("idx_departments_organization", "organization_id"),
        Index("idx_departments_code", "code"),
    )

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str] = mapped_column(String(50))
    description: Mapped[str | None] = mapped_column(Text)
    # departments and users reference each other: this key is added after both tables exist.
    manager_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL", use_alter=True))
    is_active: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(one_of("role", tuple(Role)), name="role"),
        UniqueConstraint("organization_id", "employee_id"),
        UniqueConstraint("organization_id", "email"),
        # The seed lists idx_users_email / idx_users_username beside UNIQUE email / username: the
        # unique constraints carry those names instead of a duplicate index each.
        UniqueConstraint("email", name="idx_users_email"),
        UniqueConstraint("username", name="idx_users_username"),
        Index("idx_users_organization", "organization_id"),
        Index("idx_users_department", "department_id"),
        Index("idx_users_employee_id", "employee_id"),
        Index("idx_users_role", "role"),
    )

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    employee_id: Mapped[str] = mapped_column(String(100))
    username: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(Text)
    photo_url: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(50))
    position: Mapped[str | None] = mapped_column(String(100))
    bio: Mapped[str | None] = mapped_column(Text)
    expertise: Mapped[EmptyTextArray]
    is_active: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    last_login: Mapped[Timestamp]
    email_verified: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
