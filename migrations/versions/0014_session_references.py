"""Training sessions get a short reference people can type and a check-in code the instructor shows.

Revision ID: 0014_session_references
Revises: 0012_delivery_outbox
Create Date: 2026-12-06

Additions to the seed's `training_sessions` (its columns are kept as they are):

- `reference`: a number per organization (1, 2, 3 ...), shown in chat as "S12" and accepted wherever a
  session is named, so nobody types a UUID. UNIQUE (organization_id, reference).
- `checkin_code`: six letters without look-alikes (no I, L, O) and no digits, so a code never reads as a
  reference (S12, 12); drawn from gen_random_uuid()'s random bytes. The instructor shows it in the room
  and trainees send `checkin CODE`.

A BEFORE INSERT trigger fills both when the insert gives none, so a session written straight into the table
by SQL (an import, an administrator) gets them exactly like one made by the bot. The numbering takes a
transaction-scoped advisory lock per organization, so two sessions created at the same moment never share a
number. Existing rows are numbered by start time.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014_session_references"
down_revision: str | None = "0012_delivery_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ"

NEW_CODE = f"""
CREATE FUNCTION new_session_checkin_code() RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT string_agg(substr('{ALPHABET}', get_byte(b.bytes, i) % {len(ALPHABET)} + 1, 1), '' ORDER BY i)
    FROM (SELECT decode(replace(gen_random_uuid()::text, '-', ''), 'hex') AS bytes) b,
         generate_series(0, 5) AS i
$$
"""

FILL = """
CREATE FUNCTION training_sessions_fill_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.reference IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('training_sessions:' || NEW.organization_id::text, 0));
        NEW.reference := (
            SELECT coalesce(max(s.reference), 0) + 1 FROM training_sessions s
            WHERE s.organization_id = NEW.organization_id
        );
    END IF;
    IF NEW.checkin_code IS NULL THEN
        NEW.checkin_code := new_session_checkin_code();
    END IF;
    RETURN NEW;
END $$
"""


def upgrade() -> None:
    op.execute("ALTER TABLE training_sessions ADD COLUMN reference integer, ADD COLUMN checkin_code varchar(12)")
    op.execute(NEW_CODE)
    op.execute("""
        UPDATE training_sessions t SET reference = n.reference, checkin_code = new_session_checkin_code()
        FROM (
            SELECT id, row_number() OVER (PARTITION BY organization_id ORDER BY start_time, id) AS reference
            FROM training_sessions
        ) n
        WHERE n.id = t.id
    """)
    op.execute(
        "ALTER TABLE training_sessions ALTER COLUMN reference SET NOT NULL, ALTER COLUMN checkin_code SET NOT NULL"
    )
    op.execute(
        "ALTER TABLE training_sessions ADD CONSTRAINT uq_training_sessions_organization_id_reference "
        "UNIQUE (organization_id, reference)"
    )
    op.execute(FILL)
    op.execute(
        "CREATE TRIGGER training_sessions_fill_reference BEFORE INSERT ON training_sessions "
        "FOR EACH ROW EXECUTE FUNCTION training_sessions_fill_reference()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER training_sessions_fill_reference ON training_sessions")
    op.execute("DROP FUNCTION training_sessions_fill_reference()")
    op.execute("DROP FUNCTION new_session_checkin_code()")
    op.execute("ALTER TABLE training_sessions DROP CONSTRAINT uq_training_sessions_organization_id_reference")
    op.execute("ALTER TABLE training_sessions DROP COLUMN checkin_code, DROP COLUMN reference")
