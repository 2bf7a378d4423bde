"""Reminders: due-date reminders as deliveries, the courses a person muted, and what the reminder job looks up.

Revision ID: 0016_reminders
Revises: 0015_certificate_deliveries
Create Date: 2026-12-06

- `deliveries.kind` may be `reminder` too: a reminder the scheduled jobs send (before an assigned course is due
  and after; later also before a live session, and review nudges). Each carries a `once_key` (0015), so it exists
  at most once however many workers plan it.
- `idx_deliveries_once_subject` (new): the once_key's second part (`due-date:<enrollment>:...` names the
  enrollment), so the job counts an enrollment's reminders, for its configured maximum, with one index lookup.
- `idx_enrollments_due` (new): the open enrollments with a due date, by due date: the job reads only those whose
  reminders may have come.
- `reminder_mutes` (new, not in the seed): a person's `mute <course>`: no reminders for that course (due dates,
  sessions, nudges) until `unmute`. One row per person and course; tenant-isolated like every table, with its
  references kept inside the tenant (keys (column, organization_id), as 0010's); the runtime role may read, add
  and delete rows, not change them.
"""

import importlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_reminders"
down_revision: str | None = "0015_certificate_deliveries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "learnbot_app"
TIGHT = importlib.import_module("migrations.versions.0010_tenant_tight_database")
TENANT = "organization_id = current_organization_id()"
OLD_KINDS = ("announcement", "message", "grading", "certificate")
KINDS = (*OLD_KINDS, "reminder")
MUTE_REFERENCES = (
    ("reminder_mutes", "user_id", "users", "CASCADE"),
    ("reminder_mutes", "course_id", "courses", "CASCADE"),
)


def quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def upgrade() -> None:
    op.drop_constraint(op.f("ck_deliveries_kind"), "deliveries", type_="check")
    op.create_check_constraint(op.f("ck_deliveries_kind"), "deliveries", f"kind IN ({quoted(KINDS)})")
    op.create_index(
        "idx_deliveries_once_subject",
        "deliveries",
        [sa.text("split_part(once_key, ':', 2)")],
        postgresql_where=sa.text("once_key IS NOT NULL"),
    )
    op.create_index(
        "idx_enrollments_due",
        "enrollments",
        ["due_date"],
        postgresql_where=sa.text("due_date IS NOT NULL AND status IN ('enrolled', 'in_progress')"),
    )
    op.create_table(
        "reminder_mutes",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("course_id", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_reminder_mutes_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reminder_mutes_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_reminder_mutes_course_id_courses"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_mutes")),
        sa.UniqueConstraint("user_id", "course_id", name=op.f("uq_reminder_mutes_user_id_course_id")),
    )
    op.create_index("idx_reminder_mutes_organization", "reminder_mutes", ["organization_id"])
    op.create_index("idx_reminder_mutes_course", "reminder_mutes", ["course_id"])
    for row in MUTE_REFERENCES:
        op.execute(TIGHT.reference(*row))
    op.execute("ALTER TABLE reminder_mutes ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant_isolation ON reminder_mutes USING ({TENANT}) WITH CHECK ({TENANT})")
    op.execute(f"REVOKE ALL ON reminder_mutes FROM PUBLIC, {RUNTIME_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, DELETE ON reminder_mutes TO {RUNTIME_ROLE}")


def downgrade() -> None:
    op.drop_table("reminder_mutes")
    op.drop_index("idx_enrollments_due", table_name="enrollments")
    op.drop_index("idx_deliveries_once_subject", table_name="deliveries")
    op.execute("DELETE FROM deliveries WHERE kind = 'reminder'")
    op.drop_constraint(op.f("ck_deliveries_kind"), "deliveries", type_="check")
    op.create_check_constraint(op.f("ck_deliveries_kind"), "deliveries", f"kind IN ({quoted(OLD_KINDS)})")
