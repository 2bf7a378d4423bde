"""The seed's functions and triggers, corrected.

Revision ID: 0002_functions_triggers
Revises: 0001_seed_tables
Create Date: 2026-11-25

- update_updated_at_column() with a BEFORE UPDATE trigger on every table that has updated_at (the seed
  shows one and says "repeat for other tables").
- Certificate numbers CERT-YYYY-00000001 from sequence certificate_seq. Seed defects: the sequence is
  never created, and the trigger overwrites a number the insert gave; here it fills only a missing one,
  and the year is the issue date's (UTC).
- calculate_enrollment_progress(enrollment_uuid). Seed defect: it divides every completed progress
  row (content-level rows included) by the number of modules, so it can pass 100%. Here each module in
  scope counts once: 1 when its module-level row (content_id NULL) is completed, otherwise the share of
  its required content items completed. The scope is the course's required modules, or all its modules
  when none is required. The result is rounded to NUMERIC(5,2) and never exceeds 100.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_functions_triggers"
down_revision: str | None = "0001_seed_tables"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES_WITH_UPDATED_AT = (
    "organizations",
    "departments",
    "users",
    "certificate_templates",
    "courses",
    "modules",
    "content",
    "assessments",
    "enrollments",
    "progress",
    "assignments",
    "assignment_submissions",
    "training_sessions",
    "announcements",
)

UPDATED_AT_FUNCTION = """
CREATE FUNCTION update_updated_at_column() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at = NOW();
    RETURN NEW;
END $$;
"""

CERTIFICATE_NUMBER = (
    "CREATE SEQUENCE certificate_seq",
    """
CREATE FUNCTION generate_certificate_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.certificate_number IS NULL OR NEW.certificate_number = '' THEN
        NEW.certificate_number := 'CERT-'
            || to_char(COALESCE(NEW.issued_at, now()) AT TIME ZONE 'UTC', 'YYYY') || '-'
            || lpad(nextval('certificate_seq')::text, 8, '0');
    END IF;
    RETURN NEW;
END $$
""",
    "CREATE TRIGGER generate_cert_number BEFORE INSERT ON certificates "
    "FOR EACH ROW EXECUTE FUNCTION generate_certificate_number()",
)

ENROLLMENT_PROGRESS = """
CREATE FUNCTION calculate_enrollment_progress(enrollment_uuid uuid) RETURNS numeric(5, 2)
LANGUAGE sql STABLE AS $$
    WITH course_modules AS (
        SELECT m.id, COALESCE(m.is_required, true) AS required,
               CASE
                   WHEN EXISTS (SELECT 1 FROM progress p
                                WHERE p.enrollment_id = e.id AND p.module_id = m.id
                                  AND p.content_id IS NULL AND p.status = 'completed') THEN 1.0
                   ELSE COALESCE((
                       SELECT count(*) FILTER (WHERE p.status = 'completed')::numeric / NULLIF(count(*), 0)
                       FROM content c
                       LEFT JOIN progress p ON p.enrollment_id = e.id AND p.content_id = c.id
                       WHERE c.module_id = m.id AND COALESCE(c.is_required, true)), 0)
               END AS done
        FROM enrollments e
        JOIN modules m ON m.course_id = e.course_id
        WHERE e.id = enrollment_uuid
    ), in_scope AS (
        SELECT done FROM course_modules
        WHERE required OR NOT EXISTS (SELECT 1 FROM course_modules WHERE required)
    )
    SELECT COALESCE(round(least(100 * avg(done), 100), 2), 0)::numeric(5, 2) FROM in_scope
$$;
"""


def upgrade() -> None:
    op.execute(UPDATED_AT_FUNCTION)
    for table in TABLES_WITH_UPDATED_AT:
        op.execute(
            f"CREATE TRIGGER update_{table}_updated_at BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
        )
    for statement in CERTIFICATE_NUMBER:
        op.execute(statement)
    op.execute(ENROLLMENT_PROGRESS)


def downgrade() -> None:
    op.execute("DROP FUNCTION calculate_enrollment_progress(uuid)")
    op.execute("DROP TRIGGER generate_cert_number ON certificates")
    op.execute("DROP FUNCTION generate_certificate_number()")
    op.execute("DROP SEQUENCE certificate_seq")
    for table in TABLES_WITH_UPDATED_AT:
        op.execute(f"DROP TRIGGER update_{table}_updated_at ON {table}")
    op.execute("DROP FUNCTION update_updated_at_column()")
