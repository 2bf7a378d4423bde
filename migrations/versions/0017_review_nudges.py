"""Review nudges: a card per question a trainee got wrong in a passed quiz, scheduled by FSRS; `nudges off`.

Revision ID: 0017_review_nudges
Revises: 0018_session_deliveries
Create Date: 2026-12-07

Not in the seed:

- `review_cards` (new): one per trainee, assessment and question (`question_id` is the question's "id" in
  assessments.questions), made when an attempt that got it wrong passes. `fsrs_card` is the fsrs package's
  card (`Card.to_dict()`: state, stability, difficulty, due, last review); `due_at` is its due time as a column
  so the scheduled job finds due cards by an index; `reps` / `lapses` count the answers given in nudges and the
  wrong ones among them; `last_rating` is fsrs's rating of the last review (1 Again ... 4 Easy); `asked_at`
  marks a nudge sent and not answered yet; `first_right_at` the first right answer in a nudge (what the
  report counts); `stopped_at` a card that is never asked again (its question was removed from the quiz).
  Tenant-isolated like every table; its references to users, enrollments and assessments are tenant keys as
  0010's, so the enrollment gets its UNIQUE (id, organization_id).
- `nudge_opt_outs` (new): a row per person who said `nudges off`.
- `deliveries.kind` may be `nudge`.
"""

import importlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017_review_nudges"
down_revision: str | None = "0018_session_deliveries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "learnbot_app"
TIGHT = importlib.import_module("migrations.versions.0010_tenant_tight_database")
TENANT = "organization_id = current_organization_id()"
OLD_KINDS = ("announcement", "message", "grading", "certificate", "reminder", "session")
KINDS = (*OLD_KINDS, "nudge")
NEW_TABLES = ("review_cards", "nudge_opt_outs")
NEWLY_REFERENCED = ("enrollments",)
# (table, column, referenced table, ON DELETE) as 0010's REFERENCES.
REVIEW_REFERENCES = (
    ("review_cards", "trainee_id", "users", "CASCADE"),
    ("review_cards", "enrollment_id", "enrollments", "CASCADE"),
    ("review_cards", "assessment_id", "assessments", "CASCADE"),
    ("nudge_opt_outs", "user_id", "users", "CASCADE"),
)


def quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def key_to(table: str, column: str, parent: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=op.f(f"fk_{table}_{column}_{parent}"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "review_cards",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("trainee_id", sa.UUID(), nullable=False),
        sa.Column("enrollment_id", sa.UUID(), nullable=False),
        sa.Column("assessment_id", sa.UUID(), nullable=False),
        sa.Column("question_id", sa.Text(), nullable=False),
        sa.Column("fsrs_card", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reps", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("lapses", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_rating", sa.SmallInteger(), nullable=False),
        sa.Column("last_reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_right_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint("last_rating BETWEEN 1 AND 4", name=op.f("ck_review_cards_last_rating")),
        sa.CheckConstraint("reps >= 0 AND lapses >= 0 AND lapses <= reps", name=op.f("ck_review_cards_counts")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_review_cards_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        key_to("review_cards", "trainee_id", "users"),
        key_to("review_cards", "enrollment_id", "enrollments"),
        key_to("review_cards", "assessment_id", "assessments"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_cards")),
        sa.UniqueConstraint(
            "trainee_id",
            "assessment_id",
            "question_id",
            name=op.f("uq_review_cards_trainee_id_assessment_id_question_id"),
        ),
    )
    op.create_index("idx_review_cards_organization", "review_cards", ["organization_id"])
    op.create_index("idx_review_cards_assessment", "review_cards", ["assessment_id"])
    op.create_index("idx_review_cards_enrollment", "review_cards", ["enrollment_id"])
    op.create_index("idx_review_cards_due", "review_cards", ["due_at"], postgresql_where=sa.text("stopped_at IS NULL"))
    op.create_table(
        "nudge_opt_outs",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_nudge_opt_outs_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        key_to("nudge_opt_outs", "user_id", "users"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_nudge_opt_outs")),
    )
    op.create_index("idx_nudge_opt_outs_organization", "nudge_opt_outs", ["organization_id"])
    for table in NEW_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({TENANT}) WITH CHECK ({TENANT})")
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {RUNTIME_ROLE}")
    op.execute(
        "CREATE TRIGGER update_review_cards_updated_at BEFORE UPDATE ON review_cards "
        "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
    )
    for table in NEWLY_REFERENCED:
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {TIGHT.tenant_key(table)} UNIQUE (id, organization_id)")
    for row in REVIEW_REFERENCES:
        op.execute(TIGHT.reference(*row))
    op.drop_constraint(op.f("ck_deliveries_kind"), "deliveries", type_="check")
    op.create_check_constraint(op.f("ck_deliveries_kind"), "deliveries", f"kind IN ({quoted(KINDS)})")


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE kind = 'nudge'")
    op.drop_constraint(op.f("ck_deliveries_kind"), "deliveries", type_="check")
    op.create_check_constraint(op.f("ck_deliveries_kind"), "deliveries", f"kind IN ({quoted(OLD_KINDS)})")
    for table in NEW_TABLES:
        op.drop_table(table)
    for table in NEWLY_REFERENCED:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {TIGHT.tenant_key(table)}")
