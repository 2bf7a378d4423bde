"""Every reference from a tenant row stays inside its tenant, on every table: found from the catalog, so a table
added later is walked too (and fails here until tenant_rows below gives it a row)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.support.factories import unique

# Foreign keys between two tables that both carry organization_id (organizations itself is the tenant).
TENANT_REFERENCES = text("""
SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name, c.confrelid::regclass::text AS target
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND NOT t.relispartition
  AND t.relnamespace = current_schema()::regnamespace
  AND c.confrelid <> 'organizations'::regclass
  AND EXISTS (SELECT 1 FROM pg_attribute o WHERE o.attrelid = c.conrelid AND o.attname = 'organization_id')
  AND EXISTS (SELECT 1 FROM pg_attribute o WHERE o.attrelid = c.confrelid AND o.attname = 'organization_id')
ORDER BY 1, 2
""")

# A child's organization_id is its parent's (migration 0009's trigger, on the key to the parent): pointing that
# key elsewhere moves the whole row.
PARENT_KEYS = text("""
SELECT c.relname, a.attname FROM pg_trigger g
JOIN pg_class c ON c.oid = g.tgrelid
JOIN pg_attribute a ON a.attrelid = g.tgrelid AND a.attnum = ANY (g.tgattr)
WHERE g.tgname = c.relname || '_inherit_organization' AND a.attname <> 'organization_id'
""")

COLUMNS = text("""
SELECT a.attname FROM pg_attribute a
WHERE a.attrelid = CAST(:table AS regclass) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
  AND a.attnum <> ALL (SELECT unnest(i.indkey) FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary)
ORDER BY a.attnum
""")

LATER = datetime(2030, 1, 1, 10, tzinfo=UTC)
FOREIGN_KEY_VIOLATION, NOT_NULL_VIOLATION, INSUFFICIENT_PRIVILEGE = "23503", "23502", "42501"


@dataclass(frozen=True)
class Reference:
    table: str
    column: str
    target: str

    def __str__(self) -> str:
        return f"{self.table}.{self.column} -> {self.target}"


async def tenant_rows(session: AsyncSession) -> uuid.UUID:
    """One organization with a row in every table that references another tenant row, written as the owner."""
    ids: dict[str, Any] = {}

    async def add(row: str, table: str, /, returning: str = "id", **values: Any) -> None:
        values = {column: ids[value[1:]] if str(value).startswith("@") else value for column, value in values.items()}
        columns = ", ".join(f'"{column}"' for column in values)
        placeholders = ", ".join(f"CAST(:{column} AS {cast(value)})" for column, value in values.items())
        statement = text(f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) RETURNING {returning}")
        ids[row] = await session.scalar(statement, values)

    slug = unique("org")
    await add("org", "organizations", name=slug, slug=slug)
    for role in ("instructor", "trainee"):
        handle = unique(role)
        await add(
            role, "users", organization_id="@org", employee_id=handle, username=handle,
            email=f"{handle}@example.com", password_hash="!", first_name="T", last_name=role, role=role,
            phone="+1 555 " + str(uuid.uuid4().int)[:7],
        )  # fmt: skip
    await add("department", "departments", organization_id="@org", name="D", code=unique("D"), manager_id="@instructor")
    await session.execute(
        text("UPDATE users SET department_id = :d WHERE id = :u"), {"d": ids["department"], "u": ids["trainee"]}
    )
    await add("template", "certificate_templates", organization_id="@org", name="T", template_html="<p/>", fields="{}")
    for name in ("course", "other_course"):
        await add(
            name, "courses", organization_id="@org", course_code=unique("C"), title="C", instructor_id="@instructor",
            department_id="@department", certificate_template_id="@template",
        )  # fmt: skip
    await add("prerequisite", "course_prerequisites", course_id="@course", prerequisite_course_id="@other_course")
    await add("module", "modules", course_id="@course", title="M", order=1)
    await add("content", "content", module_id="@module", content_type="text", title="T", order=1)
    await add("assessment", "assessments", course_id="@course", module_id="@module", title="Q", questions="{}")
    await add("enrollment", "enrollments", course_id="@course", trainee_id="@trainee", enrolled_by="@instructor")
    await add("progress", "progress", enrollment_id="@enrollment", module_id="@module", content_id="@content")
    await add(
        "attempt", "assessment_attempts", enrollment_id="@enrollment", assessment_id="@assessment",
        attempt_number=1, answers="{}", graded_by="@instructor",
    )  # fmt: skip
    await add(
        "assignment", "assignments", course_id="@course", module_id="@module", title="A", created_by="@instructor"
    )
    await add(
        "submission", "assignment_submissions", assignment_id="@assignment", enrollment_id="@enrollment",
        graded_by="@instructor",
    )  # fmt: skip
    await add(
        "session", "training_sessions", organization_id="@org", title="S", instructor_id="@instructor",
        course_id="@course", department_id="@department", start_time=LATER,
        end_time=LATER + timedelta(hours=1),
    )  # fmt: skip
    await add("attendance", "session_attendances", session_id="@session", user_id="@trainee")
    await add(
        "announcement", "announcements", organization_id="@org", title="A", content="A", created_by="@instructor",
        course_id="@course", department_id="@department",
    )  # fmt: skip
    await add(
        "message", "messages", organization_id="@org", sender_id="@instructor", recipient_id="@trainee",
        course_id="@course", content="M",
    )  # fmt: skip
    await add(
        "reply", "messages", organization_id="@org", sender_id="@trainee", content="R", parent_message_id="@message"
    )
    await add("certificate", "certificates", enrollment_id="@enrollment", template_id="@template")
    await add("audit", "audit_logs", organization_id="@org", user_id="@instructor", action="test.fixture")
    await add(
        "identity", "chat_identities", organization_id="@org", user_id="@trainee", platform="telegram",
        platform_user_id=unique("tg"),
    )  # fmt: skip
    await add("state", "conversation_states", returning="chat_identity_id", chat_identity_id="@identity")
    await add(
        "delivery", "deliveries", organization_id="@org", user_id="@trainee", kind="message",
        announcement_id="@announcement", message_id="@message", chat_identity_id="@identity",
    )  # fmt: skip
    await add(
        "invite", "invites", returning="code", code=unique("inv"), organization_id="@org", user_id="@trainee",
        created_by="@instructor", expires_at=LATER,
    )  # fmt: skip
    await add(
        "poll", "telegram_polls", returning="poll_id", poll_id=unique("poll"), organization_id="@org",
        user_id="@trainee", chat_id="1", message_id=1, answer_action="x",
    )  # fmt: skip
    await add("mute", "reminder_mutes", organization_id="@org", user_id="@trainee", course_id="@course")
    organization: uuid.UUID = ids["org"]
    return organization


def cast(value: Any) -> str:
    if isinstance(value, uuid.UUID):
        return "uuid"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, datetime):
        return "timestamptz"
    if value == "{}":
        return "jsonb"
    return "text"


async def two_full_tenants(db: async_sessionmaker[AsyncSession]) -> tuple[uuid.UUID, uuid.UUID, list[Reference]]:
    async with db() as session, session.begin():
        a, b = await tenant_rows(session), await tenant_rows(session)
        references = [Reference(*row) for row in (await session.execute(TENANT_REFERENCES)).all()]
    return a, b, references


async def row_of(db: async_sessionmaker[AsyncSession], table: str, organization_id: uuid.UUID) -> uuid.UUID:
    async with db() as session:
        found = await session.scalar(
            text(f"SELECT id FROM {table} WHERE organization_id = :o LIMIT 1"), {"o": organization_id}
        )
    assert found is not None, f"{table}: tenant_rows gives it no row"
    return uuid.UUID(str(found))


def refused(error: DBAPIError) -> bool:
    """The database refused the row for its tenant: a tenant key, row-level security, or (for a row whose
    tenant comes from its parent) the parent not found from inside the tenant."""
    state = getattr(error.orig, "sqlstate", None)
    message = str(error.orig)
    return (
        state == FOREIGN_KEY_VIOLATION
        or (state == INSUFFICIENT_PRIVILEGE and "row-level security" in message)
        or (state == NOT_NULL_VIOLATION and '"organization_id"' in message)
    )


async def point_elsewhere(
    db: async_sessionmaker[AsyncSession],
    tenant: uuid.UUID | None,
    reference: Reference,
    target: uuid.UUID,
    at: uuid.UUID,
) -> str | None:
    """Point `tenant`'s rows of the reference at `target` (inside that tenant as the runtime role, or as the owner
    when None): None when the database refused, else what happened."""
    table, column = reference.table, reference.column
    change = text(f"UPDATE {table} SET {column} = :target WHERE organization_id = :at")
    try:
        if tenant is None:
            async with db() as session:
                changed = (await session.execute(change, {"target": target, "at": at})).rowcount  # type: ignore[attr-defined]
                await session.rollback()
            return f"the owner changed {changed} rows"
        async with PostgresUnitOfWork(db, organization_id=tenant) as uow:
            try:
                changed = (await uow.session.execute(change, {"target": target, "at": at})).rowcount  # type: ignore[attr-defined]
                return f"updated {changed} rows"
            except DBAPIError as error:
                if getattr(error.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE or "row-level" in str(error.orig):
                    raise
        # No right to change the table's rows (the audit log): add one instead, a copy of one of the tenant's.
        async with PostgresUnitOfWork(db, organization_id=tenant) as uow:
            columns = list(await uow.session.scalars(COLUMNS, {"table": table}))
            values = ", ".join(":target" if name == column else f'"{name}"' for name in columns)
            names = ", ".join(f'"{name}"' for name in columns)
            insert = text(
                f"INSERT INTO {table} ({names}) SELECT {values} FROM {table} WHERE organization_id = :at LIMIT 1"
            )
            added = (await uow.session.execute(insert, {"target": target, "at": at})).rowcount  # type: ignore[attr-defined]
            return f"inserted {added} rows"
    except DBAPIError as error:
        return None if refused(error) else f"failed for another reason: {error.orig}"


async def test_the_catalog_walk_finds_the_references_it_must_check(db: async_sessionmaker[AsyncSession]) -> None:
    _, _, references = await two_full_tenants(db)
    found = {str(reference) for reference in references}
    assert {
        "enrollments.trainee_id -> users",
        "progress.enrollment_id -> enrollments",
        "audit_logs.user_id -> users",
    } <= found
    assert len(found) >= 40


async def test_inside_a_tenant_no_reference_can_point_at_another_organizations_row(
    db: async_sessionmaker[AsyncSession],
) -> None:
    a, b, references = await two_full_tenants(db)
    accepted = []
    for reference in references:
        outcome = await point_elsewhere(db, a, reference, await row_of(db, reference.target, b), at=a)
        if outcome is not None:
            accepted.append(f"{reference}: {outcome}")
    assert accepted == []


async def test_an_owner_writing_by_sql_cannot_point_a_reference_at_another_organizations_row(
    db: async_sessionmaker[AsyncSession],
) -> None:
    a, b, references = await two_full_tenants(db)
    async with db() as session:
        parent_keys = {tuple(row) for row in (await session.execute(PARENT_KEYS)).all()}
    assert ("progress", "enrollment_id") in parent_keys
    accepted = []
    for reference in references:
        if (reference.table, reference.column) in parent_keys:
            continue  # the row moves to the parent's organization whole (0009), with no reference left behind
        outcome = await point_elsewhere(db, None, reference, await row_of(db, reference.target, b), at=a)
        if outcome is not None:
            accepted.append(f"{reference}: {outcome}")
    assert accepted == []


@pytest.mark.parametrize("column", ["trainee_id", "course_id"])
async def test_enrolling_another_organizations_person_or_course_is_refused(
    db: async_sessionmaker[AsyncSession], column: str
) -> None:
    a, b, _ = await two_full_tenants(db)
    own = {"trainee_id": await row_of(db, "users", a), "course_id": await row_of(db, "courses", a)}
    other = {column: await row_of(db, "users" if column == "trainee_id" else "courses", b)}
    async with PostgresUnitOfWork(db, organization_id=a) as uow:
        with pytest.raises(DBAPIError) as raised:
            await uow.session.execute(
                text("INSERT INTO enrollments (trainee_id, course_id) VALUES (:trainee_id, :course_id)"), own | other
            )
    assert refused(raised.value)
