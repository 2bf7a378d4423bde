"""A certificate record for tests that need no database."""

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from domain.certificates.links import Links
from domain.certificates.records import CertificateRecord

LINKS = Links("https://learn.example/")
ISSUED = datetime(2026, 12, 6, 10, 30, tzinfo=UTC)


def record(**changes: Any) -> CertificateRecord:
    base = CertificateRecord(
        id=uuid.UUID("6f1c7a52-0c49-4a57-9d43-1b0b7e0c1a11"),
        organization_id=uuid.UUID("0b6c2f64-3c8e-4f0e-8f5e-3d3e1b6f9a22"),
        number="CERT-2026-00000042",
        token="ab" * 32,
        issued_at=ISSUED,
        expires_at=None,
        is_valid=True,
        revoked_at=None,
        revoked_reason=None,
        pdf_url=None,
        first_name="Tom",
        last_name="Trainee",
        email="tom.trainee@acme.example",
        trainee_id=uuid.UUID("3d0c9e1e-7f0b-4f55-8a7e-2b1c3d4e5f66"),
        completed_at=ISSUED,
        course_title="Information Security Basics",
        course_code="SEC-101",
        course_description="Phishing, passwords and reporting.",
        organization_name="Acme Corporation",
        logo_url=None,
        template_id=uuid.UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"),
        template_html="",
        template_css=None,
        template_fields={"builtin": "default"},
        score=Decimal("92.5"),
    )
    return replace(base, **changes)
