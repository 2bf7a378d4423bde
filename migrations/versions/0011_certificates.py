"""Certificates: an unguessable verification token, issue-once, a validity period, per-organization signing keys.

Revision ID: 0011_certificates
Revises: 0010_tenant_tight_database
Create Date: 2026-12-06

Additions to the seed's certificates and certificate_templates (their seed columns are kept as they are):

- certificates.verification_token: the public page's key (/certificates/{token}). The sequential
  certificate_number would let anyone walk through everyone's certificates; the token is 256 random bits
  (two gen_random_uuid() values, hex), defaulted in the database so rows written by SQL get one too.
- uq_certificates_enrollment_unrevoked: at most one unrevoked certificate per enrollment, so a completion
  processed twice or by two workers issues one (INSERT ... ON CONFLICT DO NOTHING). A revoked certificate
  stays as history and does not block a new one. The seed's idx_certificates_enrollment stays.
- certificate_templates.validity_months: how long a certificate from the template is valid (NULL: no expiry);
  a course's metadata.certificate_validity_months overrides it.
- uq_certificate_templates_builtin: an organization with no template of its own gets one row standing for the
  built-in default (fields.builtin), made on first use; at most one such row per organization.
- organization_keys (new tenant table): each organization's Ed25519 key that signs its Open Badges; the
  private key encrypted (AES-256-GCM under a key derived from LEARNBOT_SECRET_KEY), the public key raw.
- find_certificate(token) and find_certificate_by_number(number, last_name): SECURITY DEFINER lookups for
  the public pages, which know no tenant; each answers for one exact key, like 0005's functions, and, as 0010
  made those, across tenants only to a caller that has not entered one (inside a tenant: only for it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_certificates"
down_revision: str | None = "0010_tenant_tight_database"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "learnbot_app"
RANDOM_TOKEN = "replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')"

FUNCTIONS = {
    "find_certificate(text)": """
CREATE FUNCTION find_certificate(p_token text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT c.organization_id FROM certificates c
    WHERE c.verification_token = p_token
      AND (current_organization_id() IS NULL OR c.organization_id = current_organization_id())
$$
""",
    "find_certificate_by_number(text, text)": """
CREATE FUNCTION find_certificate_by_number(p_number text, p_last_name text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT c.verification_token
    FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id JOIN users u ON u.id = e.trainee_id
    WHERE upper(c.certificate_number) = upper(trim(p_number))
      AND lower(trim(u.last_name)) = lower(trim(p_last_name)) AND trim(p_last_name) <> ''
      AND (current_organization_id() IS NULL OR c.organization_id = current_organization_id())
$$
""",
}


def upgrade() -> None:
    op.add_column(
        "certificates",
        sa.Column("verification_token", sa.String(64), server_default=sa.text(RANDOM_TOKEN), nullable=False),
    )
    op.create_unique_constraint(op.f("uq_certificates_verification_token"), "certificates", ["verification_token"])
    op.create_index(
        "uq_certificates_enrollment_unrevoked",
        "certificates",
        ["enrollment_id"],
        unique=True,
        postgresql_where=sa.text("revoked_at IS NULL"),
    )
    op.add_column("certificate_templates", sa.Column("validity_months", sa.Integer(), nullable=True))
    op.create_check_constraint(
        op.f("ck_certificate_templates_validity_months"), "certificate_templates", "validity_months > 0"
    )
    op.create_index(
        "uq_certificate_templates_builtin",
        "certificate_templates",
        ["organization_id"],
        unique=True,
        postgresql_where=sa.text("fields ? 'builtin'"),
    )
    op.create_table(
        "organization_keys",
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("private_key_encrypted", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_keys_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_organization_keys")),
    )
    op.execute("ALTER TABLE organization_keys ENABLE ROW LEVEL SECURITY")
    condition = "organization_id = current_organization_id()"
    op.execute(f"CREATE POLICY tenant_isolation ON organization_keys USING ({condition}) WITH CHECK ({condition})")
    op.execute(f"GRANT SELECT, INSERT ON organization_keys TO {RUNTIME_ROLE}")
    for signature, definition in FUNCTIONS.items():
        op.execute(definition)
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {RUNTIME_ROLE}")


def downgrade() -> None:
    for signature in FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
    op.drop_table("organization_keys")
    op.drop_index("uq_certificate_templates_builtin", table_name="certificate_templates")
    op.drop_constraint(op.f("ck_certificate_templates_validity_months"), "certificate_templates")
    op.drop_column("certificate_templates", "validity_months")
    op.drop_index("uq_certificates_enrollment_unrevoked", table_name="certificates")
    op.drop_constraint(op.f("uq_certificates_verification_token"), "certificates")
    op.drop_column("certificates", "verification_token")
