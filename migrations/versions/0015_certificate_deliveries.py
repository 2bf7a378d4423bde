"""Certificate deliveries: the link when someone else completed the course, and reminders before expiry.

Revision ID: 0015_certificate_deliveries
Revises: 0014_session_references
Create Date: 2026-12-06

- `deliveries.kind` may be `certificate` too (not in the seed; deliveries are not either): a certificate link
  sent because a grader's action (or a scheduled job's) completed the course, and a reminder before expiry.
- `deliveries.once_key` (new, nullable) with a unique index where it is set: a delivery that must exist at most
  once whoever enqueues it, however often and from however many workers (a certificate's reminder: the key
  names the certificate and the days before expiry). The enqueueing INSERT says ON CONFLICT DO NOTHING.
- `certificates.renewed_at` (new): the holder started the course again (Recertify). One enrollment per trainee
  and course (the seed's UNIQUE), so recertifying starts the same enrollment afresh; the certificate stays
  valid until it expires, but no longer counts as the enrollment's one certificate: the issue-once index
  (0011) now covers unrevoked certificates not renewed, so the next completion issues the new one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_certificate_deliveries"
down_revision: str | None = "0014_session_references"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("announcement", "message", "grading")
KINDS = (*OLD_KINDS, "certificate")


def quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


ISSUE_ONCE = "uq_certificates_enrollment_unrevoked"


def issue_once_index(where: str) -> None:
    op.create_index(ISSUE_ONCE, "certificates", ["enrollment_id"], unique=True, postgresql_where=sa.text(where))


def upgrade() -> None:
    op.add_column("certificates", sa.Column("renewed_at", sa.DateTime(timezone=True), nullable=True))
    op.drop_index(ISSUE_ONCE, table_name="certificates")
    issue_once_index("revoked_at IS NULL AND renewed_at IS NULL")
    op.drop_constraint(op.f("ck_deliveries_kind"), "deliveries", type_="check")
    op.create_check_constraint(op.f("ck_deliveries_kind"), "deliveries", f"kind IN ({quoted(KINDS)})")
    op.add_column("deliveries", sa.Column("once_key", sa.Text(), nullable=True))
    op.create_index(
        "uq_deliveries_once_key",
        "deliveries",
        ["once_key"],
        unique=True,
        postgresql_where=sa.text("once_key IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(ISSUE_ONCE, table_name="certificates")
    op.execute(
        "UPDATE certificates c SET revoked_at = c.renewed_at, revoked_reason = 'renewed', is_valid = false "
        "WHERE renewed_at IS NOT NULL AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM certificates n "
        "WHERE n.enrollment_id = c.enrollment_id AND n.id <> c.id AND n.revoked_at IS NULL)"
    )
    issue_once_index("revoked_at IS NULL")
    op.drop_column("certificates", "renewed_at")
    op.drop_index("uq_deliveries_once_key", table_name="deliveries")
    op.drop_column("deliveries", "once_key")
    op.execute("DELETE FROM deliveries WHERE kind = 'certificate'")
    op.drop_constraint(op.f("ck_deliveries_kind"), "deliveries", type_="check")
    op.create_check_constraint(op.f("ck_deliveries_kind"), "deliveries", f"kind IN ({quoted(OLD_KINDS)})")
