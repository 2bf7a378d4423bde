"""calculate_enrollment_progress that also counts what the calling statement has just completed.

Revision ID: 0007_progress_with_pending
Revises: 0006_progress_plpgsql
Create Date: 2026-11-26

Every part of one statement, data-modifying CTEs included, reads the same snapshot, taken before any of
them ran; a STABLE function called by the statement reads it too. So a statement that completes an item
and computes the progress in the same go cannot see its own progress rows. "done" therefore ran a second
statement just for calculate_enrollment_progress. The three-argument form takes the content and module
ids the calling statement completed and counts them as completed, so "done" settles the enrollment in its
one statement. The one-argument form keeps its signature and calls it with nothing pending: the rule
stays in one place. Both are PL/pgSQL, for the plan caching 0006 explains.
"""

import importlib
from collections.abc import Sequence

from alembic import op

revision: str = "0007_progress_with_pending"
down_revision: str | None = "0006_progress_plpgsql"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 0002's ENROLLMENT_PROGRESS, with completed_content and completed_modules counted as completed.
PROGRESS_WITH_PENDING = """
CREATE FUNCTION calculate_enrollment_progress(enrollment_uuid uuid, completed_content uuid[], completed_modules uuid[])
RETURNS numeric(5, 2) LANGUAGE plpgsql STABLE AS $function$
BEGIN
    RETURN (
        WITH course_modules AS (
            SELECT m.id, COALESCE(m.is_required, true) AS required,
                   CASE
                       WHEN m.id = ANY (completed_modules)
                            OR EXISTS (SELECT 1 FROM progress p
                                       WHERE p.enrollment_id = e.id AND p.module_id = m.id
                                         AND p.content_id IS NULL AND p.status = 'completed') THEN 1.0
                       ELSE COALESCE((
                           SELECT count(*) FILTER (WHERE p.status = 'completed'
                                                   OR c.id = ANY (completed_content))::numeric / NULLIF(count(*), 0)
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
    );
END $function$
"""

PROGRESS = """
CREATE OR REPLACE FUNCTION calculate_enrollment_progress(enrollment_uuid uuid) RETURNS numeric(5, 2)
LANGUAGE plpgsql STABLE AS $function$
BEGIN
    RETURN calculate_enrollment_progress(enrollment_uuid, '{}'::uuid[], '{}'::uuid[]);
END $function$
"""


def upgrade() -> None:
    op.execute(PROGRESS_WITH_PENDING)
    op.execute(PROGRESS)


def downgrade() -> None:
    op.execute(importlib.import_module("migrations.versions.0006_progress_plpgsql").PLPGSQL_FUNCTION)
    op.execute("DROP FUNCTION calculate_enrollment_progress(uuid, uuid[], uuid[])")
