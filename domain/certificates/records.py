"""A certificate as its pages, PDF, badge and chat messages show it: one row joining what they need."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from domain.unit_of_work import UnitOfWork

# The attempts of the round the certificate was issued in (a Recertify supersedes a round's attempts): started
# by the time it was issued, and not superseded by then.
OF_ITS_ROUND = """(aa.started_at IS NULL OR aa.started_at <= c.issued_at)
        AND (aa.superseded_at IS NULL OR aa.superseded_at > c.issued_at)"""
COLUMNS = f"""
    c.id, c.organization_id, c.certificate_number AS number, c.verification_token AS token, c.issued_at,
    c.expires_at, c.is_valid, c.revoked_at, c.revoked_reason, c.pdf_url,
    u.first_name, u.last_name, u.email, e.trainee_id, e.completed_at,
    co.title AS course_title, co.course_code, co.description AS course_description,
    o.name AS organization_name, o.logo_url,
    t.id AS template_id, t.template_html, t.template_css, t.fields AS template_fields,
    (SELECT round(avg(best)) FROM (
        SELECT max(aa.score) AS best FROM assessment_attempts aa
        WHERE aa.enrollment_id = e.id AND aa.is_passed AND {OF_ITS_ROUND} GROUP BY aa.assessment_id) AS s) AS score
"""
FROM = """
FROM certificates c
JOIN enrollments e ON e.id = c.enrollment_id
JOIN users u ON u.id = e.trainee_id
JOIN courses co ON co.id = e.course_id
JOIN organizations o ON o.id = c.organization_id
JOIN certificate_templates t ON t.id = c.template_id
"""
BY_TOKEN = text(f"SELECT {COLUMNS} {FROM} WHERE c.verification_token = :token")
BY_NUMBER = text(f"SELECT {COLUMNS} {FROM} WHERE upper(c.certificate_number) = upper(:number)")
OF_TRAINEE = text(f"SELECT {COLUMNS} {FROM} WHERE e.trainee_id = :trainee_id ORDER BY c.issued_at DESC, c.id")


@dataclass(frozen=True)
class CertificateRecord:
    id: uuid.UUID
    organization_id: uuid.UUID
    number: str
    token: str
    issued_at: datetime
    expires_at: datetime | None
    is_valid: bool | None
    revoked_at: datetime | None
    revoked_reason: str | None
    pdf_url: str | None
    first_name: str
    last_name: str
    email: str
    trainee_id: uuid.UUID
    completed_at: datetime | None
    course_title: str
    course_code: str
    course_description: str | None
    organization_name: str
    logo_url: str | None
    template_id: uuid.UUID
    template_html: str
    template_css: str | None
    template_fields: dict[str, Any]
    score: Decimal | None

    @property
    def holder(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def revoked(self) -> bool:
        """Revoked by an admin, or marked invalid by SQL (is_valid false) with no revocation date."""
        return self.revoked_at is not None or self.is_valid is False

    def state(self, now: datetime) -> str:
        """valid, expired or revoked."""
        if self.revoked:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "valid"


def record_of(row: Any) -> CertificateRecord:
    values = dict(row._mapping)
    values["template_fields"] = values["template_fields"] or {}
    return CertificateRecord(**values)


async def by_token(uow: UnitOfWork, token: str) -> CertificateRecord | None:
    row = await uow.fetch_one(BY_TOKEN, {"token": token})
    return None if row is None else record_of(row)


async def by_number(uow: UnitOfWork, number: str) -> CertificateRecord | None:
    row = await uow.fetch_one(BY_NUMBER, {"number": number})
    return None if row is None else record_of(row)


async def of_trainee(uow: UnitOfWork, trainee_id: uuid.UUID) -> list[CertificateRecord]:
    return [record_of(row) for row in await uow.fetch(OF_TRAINEE, {"trainee_id": trainee_id})]
