"""Recertifying re-examines: earlier attempts and submissions stop counting; the sender statement writes less.

Revision ID: 0020_recertify_rounds
Revises: 0015_certificate_deliveries
Create Date: 2026-12-07

- `assessment_attempts.superseded_at` and `assignment_submissions.superseded_at` (new, nullable): set by
  Recertify on every attempt and submission of the enrollment it starts afresh. The seed allows one enrollment
  per trainee and course, so the rows of the earlier round stay on that enrollment: as history (reports, the
  audit trail, the earlier certificate's score) they are kept as they are, but a superseded attempt no longer
  counts toward completion or `max_attempts`, and a superseded submission no longer counts toward completion
  (the trainee hands in again: the seed's UNIQUE (assignment_id, enrollment_id) makes that a replacement of
  the same row, whose earlier state the audit log keeps). NULL, as for rows written straight into the tables
  by SQL, means the row counts. A mark on the row itself rather than a time compared with the renewal: the
  recertifying statement marks exactly the rows that exist under the enrollment's lock (no clock comparison
  can misplace an attempt started in the same second), and the completion checks on the hot path stay one
  column test on the rows they already read.
- `touch_chat_identity(id)` writes only when the platform a person uses changes: this identity has never been
  seen, is marked unreachable, or another identity of the same person was seen at or after it. Before, it
  wrote every ten minutes per identity (a new row version, its trigger and WAL on the hot path of a person
  who keeps writing from one platform), although deliveries only compare identities by `last_seen_at`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_recertify_rounds"
down_revision: str | None = "0015_certificate_deliveries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "learnbot_app"
SUPERSEDED = ("assessment_attempts", "assignment_submissions")


def touch(condition: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION touch_chat_identity(p_identity uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE chat_identities t SET last_seen_at = now(), unreachable_at = NULL, unreachable_reason = NULL
    WHERE t.id = p_identity AND ({condition});
    RETURN FOUND;
END $$"""


CHANGED = """t.last_seen_at IS NULL OR t.unreachable_at IS NOT NULL
         OR EXISTS (SELECT 1 FROM chat_identities o
                    WHERE o.user_id = t.user_id AND o.id <> t.id AND o.last_seen_at >= t.last_seen_at)"""
EVERY_TEN_MINUTES = (
    "t.last_seen_at IS NULL OR t.last_seen_at < now() - interval '10 minutes' OR t.unreachable_at IS NOT NULL"
)


def upgrade() -> None:
    for table in SUPERSEDED:
        op.add_column(table, sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(touch(CHANGED))


def downgrade() -> None:
    op.execute(touch(EVERY_TEN_MINUTES))
    for table in SUPERSEDED:
        op.drop_column(table, "superseded_at")
