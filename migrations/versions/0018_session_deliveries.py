"""Session deliveries: reminders before a live session starts, notices that it changed or was cancelled.

Revision ID: 0018_session_deliveries
Revises: 0020_recertify_rounds
Create Date: 2026-12-06

- `deliveries.kind` may be `session` too (not in the seed; deliveries are not either). A reminder carries a
  `once_key` (0015) naming the session, the person, the start it was meant for and the minutes before it, so
  each is enqueued at most once, and a session that moves gets the reminders of its new start.
- The kinds are read from the constraint as it stands and `session` added (or removed on downgrade), so this
  migration keeps the kinds that the migrations before it added, whichever those are.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_session_deliveries"
down_revision: str | None = "0020_recertify_rounds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND = "session"
CONSTRAINT = "ck_deliveries_kind"


def current_kinds() -> list[str]:
    definition = op.get_bind().scalar(
        sa.text(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conname = :name AND conrelid = CAST('deliveries' AS regclass)"
        ),
        {"name": CONSTRAINT},
    )
    return re.findall(r"'([a-z_]+)'", definition or "")


def allow(kinds: list[str]) -> None:
    op.drop_constraint(op.f(CONSTRAINT), "deliveries", type_="check")
    quoted = ", ".join(f"'{kind}'" for kind in kinds)
    op.create_check_constraint(op.f(CONSTRAINT), "deliveries", f"kind IN ({quoted})")


def upgrade() -> None:
    allow([*(kind for kind in current_kinds() if kind != KIND), KIND])


def downgrade() -> None:
    op.execute(f"DELETE FROM deliveries WHERE kind = '{KIND}'")
    allow([kind for kind in current_kinds() if kind != KIND])
