"""The platform a person wrote from last gets their deliveries; the statement that finds a sender writes the
identity only when that platform changes (or the person was unreachable), never while they stay on one."""

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.models.enums import ChatPlatform
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.delivery.conftest import World, link

Db = async_sessionmaker[AsyncSession]


async def write_from(db: Db, platform: ChatPlatform, user: str) -> None:
    """An update from this chat account: the statement that opens every linked sender's transaction."""
    async with PostgresUnitsOfWork(db).open(organization_id=None, tenant_later=True) as uow:
        found = await uow.enter_as_sender(platform, "T1" if platform == ChatPlatform.SLACK else "", user, None)
        assert found is not None
        await uow.commit()


async def identities(db: Db) -> dict[str, Any]:
    async with db() as session:
        rows = await session.execute(
            text(
                "SELECT platform_user_id, last_seen_at, unreachable_at, xmin::text AS version FROM chat_identities "
                "WHERE platform_user_id IN ('1000', 'UADA')"
            )
        )
        return {row.platform_user_id: row for row in rows}


async def test_the_identity_is_written_only_when_the_person_changes_platform(db: Db, world: World) -> None:
    now = datetime.now(UTC)
    await link(db, world.trainees[0], ChatPlatform.SLACK, "UADA", last_seen_at=now - timedelta(hours=2))
    async with db() as session:
        await session.execute(
            text("UPDATE chat_identities SET last_seen_at = :t WHERE platform_user_id = '1000'"),
            {"t": now - timedelta(hours=1)},
        )
        await session.commit()
    before = await identities(db)

    await write_from(db, ChatPlatform.TELEGRAM, "1000")  # still on Telegram, the platform used last

    unchanged = await identities(db)
    assert unchanged["1000"].last_seen_at == before["1000"].last_seen_at
    assert unchanged["1000"].version == before["1000"].version, "no new row version: nothing was written"

    await write_from(db, ChatPlatform.SLACK, "UADA")  # moved to Slack
    moved = await identities(db)
    assert moved["UADA"].last_seen_at > moved["1000"].last_seen_at
    await write_from(db, ChatPlatform.SLACK, "UADA")
    assert (await identities(db))["UADA"].version == moved["UADA"].version

    await write_from(db, ChatPlatform.TELEGRAM, "1000")  # and back
    back = await identities(db)
    assert back["1000"].last_seen_at > back["UADA"].last_seen_at


async def test_someone_unreachable_who_writes_again_is_reachable_again(db: Db, world: World) -> None:
    async with db() as session:
        await session.execute(
            text(
                "UPDATE chat_identities SET last_seen_at = now(), unreachable_at = now(), "
                "unreachable_reason = 'Forbidden: bot was blocked by the user' WHERE platform_user_id = '1000'"
            )
        )
        await session.commit()

    await write_from(db, ChatPlatform.TELEGRAM, "1000")

    assert (await identities(db))["1000"].unreachable_at is None


async def test_a_first_update_records_the_platform(db: Db, world: World) -> None:
    await write_from(db, ChatPlatform.TELEGRAM, "1000")

    assert (await identities(db))["1000"].last_seen_at is not None
