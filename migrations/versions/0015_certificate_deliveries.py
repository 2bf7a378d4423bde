"""Certificate deliveries: the link when someone else completed the course, and reminders before expiry.

Revision ID: 0015_certificate_deliveries
Revises: 0012_delivery_outbox
Create Date: 2026-12-06

- `deliveries.kind` may be `certificate` too (not in the seed; deliveries are not either): a certificate link
  sent because a grader's action (or a scheduled job's) completed the course, and a reminder before expiry.
- `deliveries.once_key` (new, nullable) with a unique index where it is set: a delivery that must exist at most
  once whoever enqueues it, however often and from however many workers (a certificate's reminder: the key
  names the certificate and the days before expiry). The enqueueing INSERT says ON CONFLICT DO NOTHING.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_certificate_deliveries"
down_revision: str | None = "0012_delivery_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("announcement", "message", "grading")
KINDS = (*OLD_KINDS, "certificate")


def quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def upgrade() -> None:
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
    op.drop_index("uq_deliveries_once_key", table_name="deliveries")
    op.drop_column("deliveries", "once_key")
    op.execute("DELETE FROM deliveries WHERE kind = 'certificate'")
    op.drop_constraint(op.f("ck_deliveries_kind"), "deliveries", type_="check")
    op.create_check_constraint(op.f("ck_deliveries_kind"), "deliveries", f"kind IN ({quoted(OLD_KINDS)})")
