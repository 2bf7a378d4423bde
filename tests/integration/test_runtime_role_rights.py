"""What the runtime role may do beyond its tenant's rows: append to the audit log, claim update keys, ask the
lookups that run before a tenant is known; and nothing more."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.models import Organization, User
from infrastructure.unit_of_work import RUNTIME_ROLE, PostgresUnitOfWork
from tests.support import factories

Sessions = async_sessionmaker[AsyncSession]

PARTITIONS = text("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass")


async def refused_to_runtime_role(db: Sessions, organization_id: uuid.UUID | None, statement: str) -> bool:
    """Whether `statement`, run as the runtime role inside the tenant (or with none), is denied."""
    async with PostgresUnitOfWork(db, organization_id=organization_id, tenant_later=organization_id is None) as uow:
        try:
            await uow.session.execute(text(statement))
        except DBAPIError as error:
            if "permission denied" in str(error.orig):
                return True
            raise
    return False


async def test_the_runtime_role_adds_audit_rows_but_can_neither_change_nor_delete_them(db: Sessions) -> None:
    async with db() as session, session.begin():
        org = await factories.organization(session)
    async with PostgresUnitOfWork(db, organization_id=org.id) as uow:
        uow.record("test.kept", "organization", org.id)
        await uow.commit()
    for statement in ("UPDATE audit_logs SET action = 'test.changed'", "DELETE FROM audit_logs", "TRUNCATE audit_logs"):
        assert await refused_to_runtime_role(db, org.id, statement), statement
    async with db() as session:
        kept = list(
            await session.scalars(text("SELECT action FROM audit_logs WHERE organization_id = :o"), {"o": org.id})
        )
    assert kept == ["test.kept"]


async def test_no_audit_partition_is_open_to_the_runtime_role_not_even_one_made_later(db: Sessions) -> None:
    async with db() as session:
        before = set(await session.scalars(PARTITIONS))
        assert await session.scalar(text("SELECT create_audit_log_partitions(14)")) > 0
        partitions = set(await session.scalars(PARTITIONS))
        assert len(partitions - before) > 0
        rights = text(
            "SELECT has_table_privilege(:role, CAST(:partition AS regclass), "
            "'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')"
        )
        open_to_the_role = [
            partition
            for partition in sorted(partitions)
            if await session.scalar(rights, {"role": RUNTIME_ROLE, "partition": partition})
        ]
        newest = max(partitions - {"audit_logs_default"})
        await session.execute(text(f"SET LOCAL ROLE {RUNTIME_ROLE}"))
        with pytest.raises(DBAPIError, match="permission denied"):
            await session.execute(text(f"SELECT count(*) FROM {newest}"))
        await session.rollback()
    assert open_to_the_role == []


async def test_only_the_owner_makes_audit_partitions(db: Sessions) -> None:
    async with db() as session:
        allowed = await session.scalar(
            text("SELECT has_function_privilege(:role, 'create_audit_log_partitions(integer)', 'EXECUTE')"),
            {"role": RUNTIME_ROLE},
        )
    assert allowed is False


async def test_the_runtime_role_claims_update_keys_but_cannot_read_or_forget_them(db: Sessions) -> None:
    async with db() as session, session.begin():
        org = await factories.organization(session)
    async with PostgresUnitOfWork(db, organization_id=org.id) as uow:
        assert await uow.claim_update("telegram", "90001")
        assert not await uow.claim_update("telegram", "90001")
        await uow.commit()
    for statement in (
        "SELECT update_key FROM processed_updates",
        "DELETE FROM processed_updates",
        "UPDATE processed_updates SET update_key = 'x'",
    ):
        assert await refused_to_runtime_role(db, org.id, statement), statement
        assert await refused_to_runtime_role(db, None, statement), f"with no tenant: {statement}"
    async with db() as session:
        kept = await session.scalar(text("SELECT count(*) FROM processed_updates WHERE update_key = '90001'"))
    assert kept == 1


async def test_the_runtime_role_cannot_touch_the_chat_inbox(db: Sessions) -> None:
    async with db() as session, session.begin():
        org = await factories.organization(session)
        await session.execute(
            text(
                "INSERT INTO chat_inbox (platform, update_key, incoming) VALUES ('slack', 'Ev1', '{\"text\": \"hi\"}')"
            )
        )
    for statement in (
        "SELECT incoming FROM chat_inbox",
        "DELETE FROM chat_inbox",
        "UPDATE chat_inbox SET handled_at = now()",
        "INSERT INTO chat_inbox (platform, update_key, incoming) VALUES ('slack', 'Ev2', '{}')",
    ):
        assert await refused_to_runtime_role(db, org.id, statement), statement
        assert await refused_to_runtime_role(db, None, statement), f"with no tenant: {statement}"


async def test_every_table_the_runtime_role_may_touch_has_row_level_security(db: Sessions) -> None:
    """A table added later (an outbox, a queue) is caught here until it gets policies or loses the grant."""
    async with db() as session:
        await session.execute(text("SELECT create_audit_log_partitions(14)"))
        unguarded = list(
            await session.scalars(
                text(
                    "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
                    "AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity "
                    "AND has_table_privilege(:role, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')"
                ),
                {"role": RUNTIME_ROLE},
            )
        )
        await session.rollback()
    assert unguarded == []


async def test_no_security_definer_function_is_executable_by_everyone(db: Sessions) -> None:
    async with db() as session:
        open_to_public = list(
            await session.scalars(
                text(
                    "SELECT p.oid::regprocedure::text FROM pg_proc p "
                    "WHERE p.pronamespace = current_schema()::regnamespace AND p.prosecdef "
                    "AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0))"
                )
            )
        )
    assert open_to_public == []


# ------------------------------------------------------------------------------------------------- lookups


async def someone_of_another_organization(db: Sessions) -> tuple[Organization, Organization, User]:
    """Organization A, and B with a person who has a phone, a Telegram identity, an invite and a Slack team."""
    async with db() as session, session.begin():
        a, b = await factories.organization(session), await factories.organization(session)
        person = await factories.user(session, b, phone="+44 20 7946 0958")
        await session.execute(
            text(
                "INSERT INTO chat_identities (organization_id, user_id, platform, platform_user_id) "
                "VALUES (:o, :u, 'telegram', '777001')"
            ),
            {"o": b.id, "u": person.id},
        )
        await session.execute(
            text(
                "INSERT INTO invites (code, organization_id, user_id, expires_at) VALUES ('invite-of-b', :o, :u, :at)"
            ),
            {"o": b.id, "u": person.id, "at": datetime.now(UTC) + timedelta(days=1)},
        )
        await session.execute(
            text("INSERT INTO slack_workspaces (team_id, organization_id) VALUES ('T-OF-B', :o)"), {"o": b.id}
        )
    return a, b, person


LOOKUPS = {
    "find_users_by_email": "SELECT user_id FROM find_users_by_email(:email)",
    "find_users_by_phone": "SELECT user_id FROM find_users_by_phone('442079460958')",
    "find_chat_sender": "SELECT user_id FROM find_chat_sender('telegram', '', '777001')",
    "find_chat_identity": "SELECT user_id FROM find_chat_identity('telegram', '', '777001')",
    "find_invite": "SELECT user_id FROM find_invite('invite-of-b')",
    "find_slack_workspace": "SELECT find_slack_workspace('T-OF-B')",
    "remember_telegram_poll": "SELECT NULLIF(remember_telegram_poll('poll-1', '777001', '777001', 1, 'x'), false)",
}


async def lookup(db: Sessions, organization_id: uuid.UUID | None, statement: str, email: str) -> object:
    async with PostgresUnitOfWork(db, organization_id=organization_id, tenant_later=organization_id is None) as uow:
        return await uow.session.scalar(text(statement), {"email": email} if ":email" in statement else {})


@pytest.mark.parametrize("function", LOOKUPS)
async def test_inside_a_tenant_a_lookup_answers_nothing_about_another_organizations_people(
    db: Sessions, function: str
) -> None:
    a, _, person = await someone_of_another_organization(db)
    assert await lookup(db, a.id, LOOKUPS[function], person.email) is None


@pytest.mark.parametrize("function", LOOKUPS)
async def test_before_a_tenant_is_entered_a_lookup_finds_the_person_to_link(db: Sessions, function: str) -> None:
    _, b, person = await someone_of_another_organization(db)
    assert await lookup(db, None, LOOKUPS[function], person.email) in {person.id, b.id, True}


@pytest.mark.parametrize("function", LOOKUPS)
async def test_inside_their_own_tenant_a_lookup_still_finds_its_people(db: Sessions, function: str) -> None:
    _, b, person = await someone_of_another_organization(db)
    assert await lookup(db, b.id, LOOKUPS[function], person.email) in {person.id, b.id, True}
