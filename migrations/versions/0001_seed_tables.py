"""The seed schema's 20 tables, in the seed's migration order.

Revision ID: 0001_seed_tables
Revises:
Create Date: 2026-11-25

Deviations from shared/seed/database-schema.md, each deliberate:
- UUID defaults use gen_random_uuid() (built into PostgreSQL 13+) instead of uuid_generate_v4(),
  whose extension uuid-ossp is often not installable (the embedded server has no contrib).
- Every TIMESTAMP is TIMESTAMP WITH TIME ZONE, as the seed's notes ask.
- certificate_templates is created 4th (the seed's markdown order), before courses, which references it;
  the seed's JSON order would create it after its first use.
- departments.manager_id and users.department_id reference each other: the manager key is added after
  users exists.
- progress's UNIQUE(enrollment_id, module_id, content_id) is NULLS NOT DISTINCT; otherwise
  module-level rows (content_id NULL) could be duplicated.
- Where the seed lists a plain index beside a UNIQUE on the same columns (organizations.slug,
  users.email, users.username, modules(course_id, order), certificates.certificate_number), the unique
  constraint carries the seed's index name instead of a second, identical index.
- A CHECK constraint for every column whose values the seed enumerates, plus range checks the seed
  implies (percentages 0-100, positive limits, end_time > start_time, no self-prerequisite).
- ON DELETE: the seed's three CASCADEs, plus CASCADE where a row only describes its parent
  (progress of a removed module or content item, prerequisites, attendance, attempts and submissions
  of an enrollment, assessments and assignments of a course), SET NULL where the parent is optional
  (department manager, user department, assessment/assignment module, parent message, audit actor).
- audit_logs is partitioned by month (the seed's performance notes). PostgreSQL requires the primary key
  of a partitioned table to include the partition key and makes primary-key columns NOT NULL, so
  partitioning on created_at would force the seed's nullable created_at to NOT NULL. Instead the id is a
  time-ordered UUID version 7 (uuid_generate_v7(), below) and the table is partitioned by RANGE on id
  with one partition per calendar month (UTC); audit_logs_default catches anything outside them.
  create_audit_log_partitions(n) creates the current and the next n months' partitions, moving any rows
  that had landed in the default partition; `learnbot db partitions` and bot start-up call it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_seed_tables"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UUID_V7 = (
    """
CREATE FUNCTION uuid_generate_v7() RETURNS uuid LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    unix_ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000);
    bytes bytea := uuid_send(gen_random_uuid());
BEGIN
    -- RFC 9562: 48-bit big-endian Unix milliseconds, then version 7; the variant bits of the random
    -- version-4 UUID are already the required 10.
    bytes := overlay(bytes PLACING substring(int8send(unix_ms) FROM 3) FROM 1 FOR 6);
    bytes := set_byte(bytes, 6, (get_byte(bytes, 6) & 15) | 112);
    RETURN encode(bytes, 'hex')::uuid;
END $$
""",
    # The smallest version-7 UUID of an instant: the partition bounds of audit_logs.
    """
CREATE FUNCTION uuid_v7_boundary(at timestamptz) RETURNS uuid LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT (lpad(to_hex(floor(extract(epoch FROM at) * 1000)::bigint), 12, '0')
            || '00000000000000000000')::uuid
$$
""",
)

AUDIT_PARTITIONS = (
    "CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT",
    """
CREATE FUNCTION create_audit_log_partitions(months_ahead integer DEFAULT 2) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    month_start timestamptz;
    low uuid;
    high uuid;
    part text;
    created integer := 0;
BEGIN
    FOR i IN 0..months_ahead LOOP
        month_start := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))
                       AT TIME ZONE 'UTC';
        part := 'audit_logs_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
        CONTINUE WHEN to_regclass(part) IS NOT NULL;
        low := uuid_v7_boundary(month_start);
        high := uuid_v7_boundary(month_start + interval '1 month');
        -- Rows already in the default partition for this month move over, or ATTACH would fail.
        EXECUTE format('CREATE TABLE %I (LIKE audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
        EXECUTE format('WITH moved AS (DELETE FROM audit_logs_default WHERE id >= %L AND id < %L '
                       'RETURNING *) INSERT INTO %I SELECT * FROM moved', low, high, part);
        EXECUTE format('ALTER TABLE audit_logs ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                       part, low, high);
        created := created + 1;
    END LOOP;
    RETURN created;
END $$
""",
)


def upgrade() -> None:
    for statement in UUID_V7:
        op.execute(statement)

    # organizations
    op.create_table(
        "organizations",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("domain", sa.String(length=255), nullable=True),
        sa.Column("logo_url", sa.Text(), nullable=True),
        sa.Column(
            "settings",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=True,
        ),
        sa.Column("subscription_tier", sa.String(length=50), server_default=sa.text("'free'"), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint(
            "subscription_tier IN ('free', 'basic', 'premium', 'enterprise')",
            name=op.f("ck_organizations_subscription_tier"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("domain", name=op.f("uq_organizations_domain")),
        sa.UniqueConstraint("name", name=op.f("uq_organizations_name")),
        sa.UniqueConstraint("slug", name="idx_organizations_slug"),
    )
    op.create_index("idx_organizations_domain", "organizations", ["domain"], unique=False)

    # departments
    op.create_table(
        "departments",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("manager_id", sa.UUID(), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_departments_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint("organization_id", "code", name=op.f("uq_departments_organization_id_code")),
    )
    op.create_index("idx_departments_code", "departments", ["code"], unique=False)
    op.create_index("idx_departments_organization", "departments", ["organization_id"], unique=False)

    # users
    op.create_table(
        "users",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=True),
        sa.Column("department_id", sa.UUID(), nullable=True),
        sa.Column("employee_id", sa.String(length=100), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("photo_url", sa.Text(), nullable=True),
        sa.Column("role", sa.String(length=50), nullable=False),
        sa.Column("position", sa.String(length=100), nullable=True),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column("expertise", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=True),
        sa.Column("last_login", sa.DateTime(timezone=True), nullable=True),
        sa.Column("email_verified", sa.Boolean(), server_default=sa.text("false"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint("role IN ('admin', 'instructor', 'trainee')", name=op.f("ck_users_role")),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_users_department_id_departments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organizations.id"], name=op.f("fk_users_organization_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name="idx_users_email"),
        sa.UniqueConstraint("organization_id", "email", name=op.f("uq_users_organization_id_email")),
        sa.UniqueConstraint("organization_id", "employee_id", name=op.f("uq_users_organization_id_employee_id")),
        sa.UniqueConstraint("username", name="idx_users_username"),
    )
    op.create_index("idx_users_department", "users", ["department_id"], unique=False)
    op.create_index("idx_users_employee_id", "users", ["employee_id"], unique=False)
    op.create_index("idx_users_organization", "users", ["organization_id"], unique=False)
    op.create_index("idx_users_role", "users", ["role"], unique=False)

    # Seed defect: departments.manager_id -> users and users.department_id -> departments reference each
    # other, so the manager key can only be added once both tables exist.
    op.create_foreign_key(
        op.f("fk_departments_manager_id_users"),
        "departments",
        "users",
        ["manager_id"],
        ["id"],
        ondelete="SET NULL",
    )

    # certificate_templates
    op.create_table(
        "certificate_templates",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("template_html", sa.Text(), nullable=False),
        sa.Column("template_css", sa.Text(), nullable=True),
        sa.Column("fields", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default=sa.text("false"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_certificate_templates_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_templates")),
    )
    op.create_index("idx_cert_templates_org", "certificate_templates", ["organization_id"], unique=False)

    # courses
    op.create_table(
        "courses",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("course_code", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("instructor_id", sa.UUID(), nullable=False),
        sa.Column("department_id", sa.UUID(), nullable=True),
        sa.Column("thumbnail_url", sa.Text(), nullable=True),
        sa.Column("difficulty_level", sa.String(length=50), server_default=sa.text("'beginner'"), nullable=True),
        sa.Column("estimated_duration", sa.Integer(), nullable=True),
        sa.Column("max_enrollments", sa.Integer(), nullable=True),
        sa.Column("is_certified", sa.Boolean(), server_default=sa.text("false"), nullable=True),
        sa.Column("certificate_template_id", sa.UUID(), nullable=True),
        sa.Column("status", sa.String(length=50), server_default=sa.text("'draft'"), nullable=True),
        sa.Column("is_public", sa.Boolean(), server_default=sa.text("false"), nullable=True),
        sa.Column("tags", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=True),
        sa.Column(
            "metadata",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "difficulty_level IN ('beginner', 'intermediate', 'advanced')",
            name=op.f("ck_courses_difficulty_level"),
        ),
        sa.CheckConstraint("status IN ('draft', 'published', 'archived')", name=op.f("ck_courses_status")),
        sa.CheckConstraint(
            "estimated_duration IS NULL OR estimated_duration >= 0",
            name=op.f("ck_courses_estimated_duration"),
        ),
        sa.CheckConstraint("max_enrollments IS NULL OR max_enrollments > 0", name=op.f("ck_courses_max_enrollments")),
        sa.ForeignKeyConstraint(
            ["certificate_template_id"],
            ["certificate_templates.id"],
            name=op.f("fk_courses_certificate_template_id_certificate_templates"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_courses_department_id_departments")
        ),
        sa.ForeignKeyConstraint(["instructor_id"], ["users.id"], name=op.f("fk_courses_instructor_id_users")),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organizations.id"], name=op.f("fk_courses_organization_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
        sa.UniqueConstraint("organization_id", "course_code", name=op.f("uq_courses_organization_id_course_code")),
    )
    op.create_index("idx_courses_code", "courses", ["course_code"], unique=False)
    op.create_index("idx_courses_department", "courses", ["department_id"], unique=False)
    op.create_index("idx_courses_instructor", "courses", ["instructor_id"], unique=False)
    op.create_index("idx_courses_organization", "courses", ["organization_id"], unique=False)
    op.create_index("idx_courses_status", "courses", ["status"], unique=False)

    # course_prerequisites
    op.create_table(
        "course_prerequisites",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("course_id", sa.UUID(), nullable=False),
        sa.Column("prerequisite_course_id", sa.UUID(), nullable=False),
        sa.Column("is_mandatory", sa.Boolean(), server_default=sa.text("true"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint("course_id <> prerequisite_course_id", name=op.f("ck_course_prerequisites_not_self")),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_course_prerequisites_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["prerequisite_course_id"],
            ["courses.id"],
            name=op.f("fk_course_prerequisites_prerequisite_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_prerequisites")),
        sa.UniqueConstraint(
            "course_id",
            "prerequisite_course_id",
            name=op.f("uq_course_prerequisites_course_id_prerequisite_course_id"),
        ),
    )
    op.create_index("idx_prerequisites_course", "course_prerequisites", ["course_id"], unique=False)
    op.create_index("idx_prerequisites_prerequisite", "course_prerequisites", ["prerequisite_course_id"], unique=False)

    # modules
    op.create_table(
        "modules",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("course_id", sa.UUID(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("estimated_duration", sa.Integer(), nullable=True),
        sa.Column("is_required", sa.Boolean(), server_default=sa.text("true"), nullable=True),
        sa.Column("unlock_condition", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_modules_course_id_courses"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_modules")),
        sa.UniqueConstraint("course_id", "order", name="idx_modules_order"),
    )
    op.create_index("idx_modules_course", "modules", ["course_id"], unique=False)

    # content
    op.create_table(
        "content",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("module_id", sa.UUID(), nullable=False),
        sa.Column("content_type", sa.String(length=50), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("file_url", sa.Text(), nullable=True),
        sa.Column("file_size", sa.BigInteger(), nullable=True),
        sa.Column("duration", sa.Integer(), nullable=True),
        sa.Column("content_data", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("is_required", sa.Boolean(), server_default=sa.text("true"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint(
            "content_type IN ('video', 'document', 'text', 'link', 'quiz')",
            name=op.f("ck_content_content_type"),
        ),
        sa.CheckConstraint("duration IS NULL OR duration >= 0", name=op.f("ck_content_duration")),
        sa.CheckConstraint("file_size IS NULL OR file_size >= 0", name=op.f("ck_content_file_size")),
        sa.ForeignKeyConstraint(
            ["module_id"], ["modules.id"], name=op.f("fk_content_module_id_modules"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content")),
    )
    op.create_index("idx_content_module", "content", ["module_id"], unique=False)
    op.create_index("idx_content_order", "content", ["module_id", "order"], unique=False)
    op.create_index("idx_content_type", "content", ["content_type"], unique=False)

    # assessments
    op.create_table(
        "assessments",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("module_id", sa.UUID(), nullable=True),
        sa.Column("course_id", sa.UUID(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("type", sa.String(length=50), server_default=sa.text("'quiz'"), nullable=True),
        sa.Column("passing_score", sa.Integer(), server_default=sa.text("70"), nullable=True),
        sa.Column("max_attempts", sa.Integer(), nullable=True),
        sa.Column("time_limit", sa.Integer(), nullable=True),
        sa.Column("is_required", sa.Boolean(), server_default=sa.text("true"), nullable=True),
        sa.Column("questions", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "settings",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint("type IN ('quiz', 'assignment', 'exam')", name=op.f("ck_assessments_type")),
        sa.CheckConstraint("max_attempts IS NULL OR max_attempts > 0", name=op.f("ck_assessments_max_attempts")),
        sa.CheckConstraint(
            "passing_score IS NULL OR passing_score BETWEEN 0 AND 100",
            name=op.f("ck_assessments_passing_score"),
        ),
        sa.CheckConstraint("time_limit IS NULL OR time_limit > 0", name=op.f("ck_assessments_time_limit")),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_assessments_course_id_courses"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["module_id"], ["modules.id"], name=op.f("fk_assessments_module_id_modules"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_index("idx_assessments_course", "assessments", ["course_id"], unique=False)
    op.create_index("idx_assessments_module", "assessments", ["module_id"], unique=False)
    op.create_index("idx_assessments_type", "assessments", ["type"], unique=False)

    # enrollments
    op.create_table(
        "enrollments",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("trainee_id", sa.UUID(), nullable=False),
        sa.Column("course_id", sa.UUID(), nullable=False),
        sa.Column("enrolled_by", sa.UUID(), nullable=True),
        sa.Column("enrollment_type", sa.String(length=50), server_default=sa.text("'self'"), nullable=True),
        sa.Column("status", sa.String(length=50), server_default=sa.text("'enrolled'"), nullable=True),
        sa.Column(
            "progress_percentage",
            sa.Numeric(precision=5, scale=2),
            server_default=sa.text("0.00"),
            nullable=True,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("certificate_issued", sa.Boolean(), server_default=sa.text("false"), nullable=True),
        sa.Column("certificate_issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint(
            "enrollment_type IN ('self', 'assigned', 'bulk')", name=op.f("ck_enrollments_enrollment_type")
        ),
        sa.CheckConstraint(
            "status IN ('enrolled', 'in_progress', 'completed', 'dropped')",
            name=op.f("ck_enrollments_status"),
        ),
        sa.CheckConstraint(
            "progress_percentage IS NULL OR progress_percentage BETWEEN 0 AND 100",
            name=op.f("ck_enrollments_progress_percentage"),
        ),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_enrollments_course_id_courses")),
        sa.ForeignKeyConstraint(["enrolled_by"], ["users.id"], name=op.f("fk_enrollments_enrolled_by_users")),
        sa.ForeignKeyConstraint(["trainee_id"], ["users.id"], name=op.f("fk_enrollments_trainee_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollments")),
        sa.UniqueConstraint("trainee_id", "course_id", name=op.f("uq_enrollments_trainee_id_course_id")),
    )
    op.create_index("idx_enrollments_course", "enrollments", ["course_id"], unique=False)
    op.create_index("idx_enrollments_status", "enrollments", ["status"], unique=False)
    op.create_index("idx_enrollments_trainee", "enrollments", ["trainee_id"], unique=False)

    # progress
    op.create_table(
        "progress",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("enrollment_id", sa.UUID(), nullable=False),
        sa.Column("module_id", sa.UUID(), nullable=False),
        sa.Column("content_id", sa.UUID(), nullable=True),
        sa.Column("status", sa.String(length=50), server_default=sa.text("'not_started'"), nullable=True),
        sa.Column(
            "progress_percentage",
            sa.Numeric(precision=5, scale=2),
            server_default=sa.text("0.00"),
            nullable=True,
        ),
        sa.Column("time_spent", sa.Integer(), server_default=sa.text("0"), nullable=True),
        sa.Column("last_accessed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint("status IN ('not_started', 'in_progress', 'completed')", name=op.f("ck_progress_status")),
        sa.CheckConstraint(
            "progress_percentage IS NULL OR progress_percentage BETWEEN 0 AND 100",
            name=op.f("ck_progress_progress_percentage"),
        ),
        sa.CheckConstraint("time_spent IS NULL OR time_spent >= 0", name=op.f("ck_progress_time_spent")),
        sa.ForeignKeyConstraint(
            ["content_id"], ["content.id"], name=op.f("fk_progress_content_id_content"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_progress_enrollment_id_enrollments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["module_id"], ["modules.id"], name=op.f("fk_progress_module_id_modules"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress")),
        sa.UniqueConstraint(
            "enrollment_id",
            "module_id",
            "content_id",
            name=op.f("uq_progress_enrollment_id_module_id_content_id"),
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.create_index("idx_progress_content", "progress", ["content_id"], unique=False)
    op.create_index("idx_progress_enrollment", "progress", ["enrollment_id"], unique=False)
    op.create_index("idx_progress_module", "progress", ["module_id"], unique=False)
    op.create_index("idx_progress_status", "progress", ["status"], unique=False)

    # assessment_attempts
    op.create_table(
        "assessment_attempts",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("enrollment_id", sa.UUID(), nullable=False),
        sa.Column("assessment_id", sa.UUID(), nullable=False),
        sa.Column("attempt_number", sa.Integer(), nullable=False),
        sa.Column("answers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("score", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("is_passed", sa.Boolean(), nullable=True),
        sa.Column("time_taken", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("graded_by", sa.UUID(), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint("attempt_number > 0", name=op.f("ck_assessment_attempts_attempt_number")),
        sa.CheckConstraint("score IS NULL OR score BETWEEN 0 AND 100", name=op.f("ck_assessment_attempts_score")),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_attempts_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_assessment_attempts_enrollment_id_enrollments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["graded_by"], ["users.id"], name=op.f("fk_assessment_attempts_graded_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_attempts")),
        sa.UniqueConstraint(
            "enrollment_id",
            "assessment_id",
            "attempt_number",
            name=op.f("uq_assessment_attempts_enrollment_id_assessment_id_attempt_number"),
        ),
    )
    op.create_index("idx_attempts_assessment", "assessment_attempts", ["assessment_id"], unique=False)
    op.create_index("idx_attempts_enrollment", "assessment_attempts", ["enrollment_id"], unique=False)
    op.create_index("idx_attempts_submitted", "assessment_attempts", ["submitted_at"], unique=False)

    # assignments
    op.create_table(
        "assignments",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("course_id", sa.UUID(), nullable=False),
        sa.Column("module_id", sa.UUID(), nullable=True),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("instructions", sa.Text(), nullable=True),
        sa.Column("due_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("max_score", sa.Integer(), server_default=sa.text("100"), nullable=True),
        sa.Column("is_required", sa.Boolean(), server_default=sa.text("true"), nullable=True),
        sa.Column("created_by", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint("max_score IS NULL OR max_score > 0", name=op.f("ck_assignments_max_score")),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_assignments_course_id_courses"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_assignments_created_by_users")),
        sa.ForeignKeyConstraint(
            ["module_id"], ["modules.id"], name=op.f("fk_assignments_module_id_modules"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
    )
    op.create_index("idx_assignments_course", "assignments", ["course_id"], unique=False)
    op.create_index("idx_assignments_due_date", "assignments", ["due_date"], unique=False)
    op.create_index("idx_assignments_module", "assignments", ["module_id"], unique=False)

    # assignment_submissions
    op.create_table(
        "assignment_submissions",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("assignment_id", sa.UUID(), nullable=False),
        sa.Column("enrollment_id", sa.UUID(), nullable=False),
        sa.Column("submission_text", sa.Text(), nullable=True),
        sa.Column(
            "submission_files",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'::text[]"),
            nullable=True,
        ),
        sa.Column("score", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=50), server_default=sa.text("'submitted'"), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("graded_by", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint(
            "status IN ('submitted', 'graded', 'returned')", name=op.f("ck_assignment_submissions_status")
        ),
        sa.CheckConstraint("score IS NULL OR score >= 0", name=op.f("ck_assignment_submissions_score")),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_assignment_submissions_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_assignment_submissions_enrollment_id_enrollments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["graded_by"], ["users.id"], name=op.f("fk_assignment_submissions_graded_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_submissions")),
        sa.UniqueConstraint(
            "assignment_id",
            "enrollment_id",
            name=op.f("uq_assignment_submissions_assignment_id_enrollment_id"),
        ),
    )
    op.create_index("idx_submissions_assignment", "assignment_submissions", ["assignment_id"], unique=False)
    op.create_index("idx_submissions_enrollment", "assignment_submissions", ["enrollment_id"], unique=False)
    op.create_index("idx_submissions_status", "assignment_submissions", ["status"], unique=False)

    # training_sessions
    op.create_table(
        "training_sessions",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("course_id", sa.UUID(), nullable=True),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("instructor_id", sa.UUID(), nullable=False),
        sa.Column("department_id", sa.UUID(), nullable=True),
        sa.Column("session_type", sa.String(length=50), server_default=sa.text("'live'"), nullable=True),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(length=255), nullable=True),
        sa.Column("meeting_url", sa.Text(), nullable=True),
        sa.Column("max_participants", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=50), server_default=sa.text("'scheduled'"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint(
            "session_type IN ('live', 'webinar', 'workshop', 'meeting')",
            name=op.f("ck_training_sessions_session_type"),
        ),
        sa.CheckConstraint(
            "status IN ('scheduled', 'ongoing', 'completed', 'cancelled')",
            name=op.f("ck_training_sessions_status"),
        ),
        sa.CheckConstraint("end_time > start_time", name=op.f("ck_training_sessions_ends_after_start")),
        sa.CheckConstraint(
            "max_participants IS NULL OR max_participants > 0",
            name=op.f("ck_training_sessions_max_participants"),
        ),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_training_sessions_course_id_courses")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_training_sessions_department_id_departments")
        ),
        sa.ForeignKeyConstraint(["instructor_id"], ["users.id"], name=op.f("fk_training_sessions_instructor_id_users")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_training_sessions_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
    )
    op.create_index("idx_sessions_course", "training_sessions", ["course_id"], unique=False)
    op.create_index("idx_sessions_instructor", "training_sessions", ["instructor_id"], unique=False)
    op.create_index("idx_sessions_org", "training_sessions", ["organization_id"], unique=False)
    op.create_index("idx_sessions_status", "training_sessions", ["status"], unique=False)
    op.create_index("idx_sessions_time", "training_sessions", ["start_time", "end_time"], unique=False)

    # session_attendances
    op.create_table(
        "session_attendances",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("session_id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("status", sa.String(length=50), server_default=sa.text("'registered'"), nullable=True),
        sa.Column("check_in_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("check_out_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint(
            "status IN ('registered', 'attended', 'absent', 'excused')",
            name=op.f("ck_session_attendances_status"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_session_attendances_session_id_training_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_session_attendances_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_attendances")),
        sa.UniqueConstraint("session_id", "user_id", name=op.f("uq_session_attendances_session_id_user_id")),
    )
    op.create_index("idx_attendances_session", "session_attendances", ["session_id"], unique=False)
    op.create_index("idx_attendances_status", "session_attendances", ["status"], unique=False)
    op.create_index("idx_attendances_user", "session_attendances", ["user_id"], unique=False)

    # announcements
    op.create_table(
        "announcements",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("course_id", sa.UUID(), nullable=True),
        sa.Column("department_id", sa.UUID(), nullable=True),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("priority", sa.String(length=50), server_default=sa.text("'normal'"), nullable=True),
        sa.Column("is_pinned", sa.Boolean(), server_default=sa.text("false"), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name=op.f("ck_announcements_priority")),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_announcements_course_id_courses")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_announcements_created_by_users")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_announcements_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_announcements_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    op.create_index("idx_announcements_course", "announcements", ["course_id"], unique=False)
    op.create_index("idx_announcements_department", "announcements", ["department_id"], unique=False)
    op.create_index("idx_announcements_org", "announcements", ["organization_id"], unique=False)
    op.create_index("idx_announcements_pinned", "announcements", ["is_pinned"], unique=False)
    op.create_index("idx_announcements_published", "announcements", ["published_at"], unique=False)

    # messages
    op.create_table(
        "messages",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("sender_id", sa.UUID(), nullable=False),
        sa.Column("recipient_id", sa.UUID(), nullable=True),
        sa.Column("course_id", sa.UUID(), nullable=True),
        sa.Column("subject", sa.String(length=255), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("is_read", sa.Boolean(), server_default=sa.text("false"), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_archived", sa.Boolean(), server_default=sa.text("false"), nullable=True),
        sa.Column("parent_message_id", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_messages_course_id_courses")),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organizations.id"], name=op.f("fk_messages_organization_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["parent_message_id"],
            ["messages.id"],
            name=op.f("fk_messages_parent_message_id_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["recipient_id"], ["users.id"], name=op.f("fk_messages_recipient_id_users")),
        sa.ForeignKeyConstraint(["sender_id"], ["users.id"], name=op.f("fk_messages_sender_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    op.create_index("idx_messages_course", "messages", ["course_id"], unique=False)
    op.create_index("idx_messages_created", "messages", ["created_at"], unique=False)
    op.create_index("idx_messages_org", "messages", ["organization_id"], unique=False)
    op.create_index("idx_messages_read", "messages", ["is_read"], unique=False)
    op.create_index("idx_messages_recipient", "messages", ["recipient_id"], unique=False)
    op.create_index("idx_messages_sender", "messages", ["sender_id"], unique=False)

    # certificates
    op.create_table(
        "certificates",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("enrollment_id", sa.UUID(), nullable=False),
        sa.Column("template_id", sa.UUID(), nullable=False),
        sa.Column("certificate_number", sa.String(length=100), server_default=sa.FetchedValue(), nullable=False),
        sa.Column("pdf_url", sa.Text(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_valid", sa.Boolean(), server_default=sa.text("true"), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"], name=op.f("fk_certificates_enrollment_id_enrollments")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["certificate_templates.id"],
            name=op.f("fk_certificates_template_id_certificate_templates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("certificate_number", name="idx_certificates_number"),
    )
    op.create_index("idx_certificates_enrollment", "certificates", ["enrollment_id"], unique=False)
    op.create_index("idx_certificates_valid", "certificates", ["is_valid"], unique=False)

    # audit_logs: partitioned by month on its version-7 id (see uuid_generate_v7 above).
    op.create_table(
        "audit_logs",
        sa.Column("id", sa.UUID(), server_default=sa.text("uuid_generate_v7()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=True),
        sa.Column("user_id", sa.UUID(), nullable=True),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("entity_type", sa.String(length=100), nullable=True),
        sa.Column("entity_id", sa.UUID(), nullable=True),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("user_agent", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_audit_logs_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_logs_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_logs")),
        postgresql_partition_by="RANGE (id)",
    )
    op.create_index("idx_audit_action", "audit_logs", ["action"], unique=False)
    op.create_index("idx_audit_created", "audit_logs", ["created_at"], unique=False)
    op.create_index("idx_audit_entity", "audit_logs", ["entity_type", "entity_id"], unique=False)
    op.create_index("idx_audit_org", "audit_logs", ["organization_id"], unique=False)
    op.create_index("idx_audit_user", "audit_logs", ["user_id"], unique=False)
    for statement in AUDIT_PARTITIONS:
        op.execute(statement)
    op.execute("SELECT create_audit_log_partitions(2)")


def downgrade() -> None:
    op.drop_table("audit_logs")
    op.drop_table("certificates")
    op.drop_table("messages")
    op.drop_table("announcements")
    op.drop_table("session_attendances")
    op.drop_table("training_sessions")
    op.drop_table("assignment_submissions")
    op.drop_table("assignments")
    op.drop_table("assessment_attempts")
    op.drop_table("progress")
    op.drop_table("enrollments")
    op.drop_table("assessments")
    op.drop_table("content")
    op.drop_table("modules")
    op.drop_table("course_prerequisites")
    op.drop_table("courses")
    op.drop_table("certificate_templates")
    op.drop_constraint(op.f("fk_departments_manager_id_users"), "departments", type_="foreignkey")
    op.drop_table("users")
    op.drop_table("departments")
    op.drop_table("organizations")
    op.execute("DROP FUNCTION create_audit_log_partitions(integer)")
    op.execute("DROP FUNCTION uuid_v7_boundary(timestamptz)")
    op.execute("DROP FUNCTION uuid_generate_v7()")
