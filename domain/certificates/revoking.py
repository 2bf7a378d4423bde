"""Revocation: an admin withdraws a certificate with a reason; its page and badge say so at once."""

from datetime import datetime

from sqlalchemy import text

from domain.certificates import texts
from domain.certificates.records import CertificateRecord, by_number
from domain.errors import Conflict, NotFound
from domain.unit_of_work import UnitOfWork

REVOKE = text("""
UPDATE certificates SET is_valid = false, revoked_at = now(), revoked_reason = :reason
WHERE id = :id AND revoked_at IS NULL
RETURNING revoked_at
""")


async def revoke(uow: UnitOfWork, number: str, reason: str) -> CertificateRecord:
    """Revoke the tenant's certificate with this number (audit-logged); the record as it was before."""
    record = await by_number(uow, number.strip())
    if record is None:
        raise NotFound(texts.NO_SUCH_CERTIFICATE.format(number=number))
    if record.revoked_at is not None:
        raise Conflict(texts.ALREADY_REVOKED.format(number=record.number, date=f"{record.revoked_at:%Y-%m-%d}"))
    row = await uow.fetch_one(REVOKE, {"id": record.id, "reason": reason.strip()})
    if row is None:  # revoked by someone else a moment ago
        raise Conflict(texts.ALREADY_REVOKED.format(number=record.number, date=f"{datetime.now():%Y-%m-%d}"))
    uow.record(
        "certificate.revoked",
        "certificate",
        record.id,
        before={"is_valid": record.is_valid},
        after={"is_valid": False, "revoked_reason": reason.strip(), "certificate_number": record.number},
    )
    return record
