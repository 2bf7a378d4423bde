"""Certificate templates and issued certificates (seed tables 12-13)."""

import uuid
from typing import Any

from sqlalchemy import Boolean, FetchedValue, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, CreatedAt, TenantOfParent, Timestamp, UpdatedAt, UuidPk


class CertificateTemplate(Base):
    __tablename__ = "certificate_templates"
    __table_args__ = (Index("idx_cert_templates_org", "organization_id"),)

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(255))
    template_html: Mapped[str] = mapped_column(Text)
    template_css: Mapped[str | None] = mapped_column(Text)
    fields: Mapped[dict[str, Any]] = mapped_column(JSONB)
    is_default: Mapped[bool | None] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class Certificate(Base):
    __tablename__ = "certificates"
    __table_args__ = (
        # The unique constraint doubles as the seed's idx_certificates_number.
        UniqueConstraint("certificate_number", name="idx_certificates_number"),
        Index("idx_certificates_enrollment", "enrollment_id"),
        Index("idx_certificates_valid", "is_valid"),
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
