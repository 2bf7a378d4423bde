"""Certificate templates and issued certificates (seed tables 12-13)."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, CreatedAt, TenantOfParent, Timestamp, UpdatedAt, UuidPk


class CertificateTemplate(Base):
    __tablename__ = "certificate_templates"
    __table_args__ = (
        Index("idx_cert_templates_org", "organization_id"),
        # Migration 0011: one row per organization stands for the built-in default template.
        Index(
            "uq_certificate_templates_builtin",
            "organization_id",
            unique=True,
            postgresql_where=text("fields ? 'builtin'"),
        ),
        CheckConstraint("validity_months > 0", name="validity_months"),
    )

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(255))
    template_html: Mapped[str] = mapped_column(Text)
    template_css: Mapped[str | None] = mapped_column(Text)
    fields: Mapped[dict[str, Any]] = mapped_column(JSONB)
    is_default: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]
    # Not in the seed (0011): months a certificate stays valid; NULL means no expiry.
    validity_months: Mapped[int | None] = mapped_column(Integer)


class Certificate(Base):
    __tablename__ = "certificates"
    __table_args__ = (
        # The unique constraint doubles as the seed's idx_certificates_number.
        UniqueConstraint("certificate_number", name="idx_certificates_number"),
        Index("idx_certificates_enrollment", "enrollment_id"),
        Index("idx_certificates_valid", "is_valid"),
        # Migration 0011: the public page's key, and one unrevoked certificate per enrollment.
        UniqueConstraint("verification_token", name="uq_certificates_verification_token"),
        Index(
            "uq_certificates_enrollment_unrevoked",
            "enrollment_id",
            unique=True,
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[UuidPk]
    enrollment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrollments.id"))
    organization_id: Mapped[TenantOfParent]
    template_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("certificate_templates.id"))
    # Filled by trigger generate_cert_number (CERT-YYYY-00000001) when the insert leaves it empty.
    certificate_number: Mapped[str] = mapped_column(String(100), server_default=FetchedValue())
    pdf_url: Mapped[str | None] = mapped_column(Text)
    issued_at: Mapped[CreatedAt]
    expires_at: Mapped[Timestamp]
    is_valid: Mapped[bool | None] = mapped_column(Boolean, server_default=text("true"))
    revoked_at: Mapped[Timestamp]
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[CreatedAt]
    # Defaulted by the database to 256 random bits in hex (migration 0011).
    verification_token: Mapped[str] = mapped_column(String(64), server_default=FetchedValue())


class OrganizationKey(Base):
    """Not in the seed (0011): the Ed25519 key an organization signs its Open Badges with."""

    __tablename__ = "organization_keys"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    key_id: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    # AES-256-GCM (nonce + ciphertext) under a key derived from LEARNBOT_SECRET_KEY.
    private_key_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
