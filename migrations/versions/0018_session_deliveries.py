"""Session deliveries: reminders before a live session starts, notices that it changed or was cancelled.

Revision ID: 0018_session_deliveries
Revises: 0015_certificate_deliveries
Create Date: 2026-12-06

- `deliveries.kind` may be `session` too (not in the seed; deliveries are not either). A reminder carries a
  `once_key` (0015) naming the session, the person, the start it was meant for and the minutes before it, so
  each is enqueued at most once, and a session that moves gets the reminders of its new start.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018_session_deliveries"
down_revision: str | None = "0015_certificate_deliveries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("announcement", "message", "grading", "certificate")
KINDS = (*OLD_KINDS, "session")


def quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def upgrade() -> None:
    op.drop_constraint(op.f("ck_deliveries_kind"), "deliveries", type_="check")
    op.create_check_constraint(op.f("ck_deliveries_kind"), "deliveries", f"kind IN ({quoted(KINDS)})")


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE kind = 'session'")
    op.drop_constraint(op.f("ck_deliveries_kind"), "deliveries", type_="check")
    op.create_check_constraint(op.f("ck_deliveries_kind"), "deliveries", f"kind IN ({quoted(OLD_KINDS)})")
