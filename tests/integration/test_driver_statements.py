"""Statements a unit of work runs on the driver's connection: same transaction, same rows, same errors."""

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.models import Department, Organization
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.support import factories

COUNT_DEPARTMENTS = text("SELECT count(*) AS n FROM departments WHERE code = :code")
RENAME = text("UPDATE departments SET name = :name WHERE code = :code RETURNING id, name")


async def with_operations(db: async_sessionmaker[AsyncSession]) -> Organization:
    """An organization with one department, Operations (OPS)."""
    async with db() as session, session.begin():
        org = await factories.organization(session)
        session.add(Department(organization_id=org.id, name="Operations", code="OPS"))
    return org


async def test_rows_read_by_attribute_or_name_and_changes_commit_with_the_unit_of_work(
    db: async_sessionmaker[AsyncSession],
) -> None:
    org = await with_operations(db)
    async with PostgresUnitOfWork(db, organization_id=org.id) as uow:
        (row,) = await uow.fetch(RENAME, {"name": "Ops", "code": "OPS"})
        assert (row.name, row._mapping["name"]) == ("Ops", "Ops")
        with pytest.raises(AttributeError):
            row.missing  # noqa: B018
        await uow.commit()
    async with db() as session:
        assert await session.scalar(text("SELECT name FROM departments")) == "Ops"


async def test_the_orms_pending_changes_are_sent_before_the_statement(db: async_sessionmaker[AsyncSession]) -> None:
    async with db() as session, session.begin():
        org = await factories.organization(session)
    async with PostgresUnitOfWork(db, organization_id=org.id) as uow:
        uow.session.add(Department(organization_id=org.id, name="Operations", code="OPS"))
        found = await uow.fetch_one(COUNT_DEPARTMENTS, {"code": "OPS"})
        assert found is not None
        assert found.n == 1


async def test_a_failing_statement_raises_sqlalchemys_error_and_nothing_is_kept(
    db: async_sessionmaker[AsyncSession],
) -> None:
    org = await with_operations(db)
    async with PostgresUnitOfWork(db, organization_id=org.id) as uow:
        await uow.fetch(RENAME, {"name": "Gone", "code": "OPS"})
        with pytest.raises(DBAPIError, match="division by zero"):
            await uow.fetch(text("SELECT 1 / CAST(:zero AS int)"), {"zero": 0})
    async with PostgresUnitOfWork(db, organization_id=org.id) as uow:  # the connection went back to the pool clean
        found = await uow.fetch_one(text("SELECT name FROM departments WHERE code = :code"), {"code": "OPS"})
        assert found is not None
        assert found.name == "Operations"


async def test_engine_listeners_see_the_statements(db: async_sessionmaker[AsyncSession]) -> None:
    async with db() as session, session.begin():
        org = await factories.organization(session)
    seen: list[str] = []

    def listener(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen.append(statement)

    engine = db.kw["bind"].sync_engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        async with PostgresUnitOfWork(db, organization_id=org.id) as uow:
            await uow.fetch(COUNT_DEPARTMENTS, {"code": "OPS"})
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert seen == ["SELECT count(*) AS n FROM departments WHERE code = $1"]


async def test_a_connection_that_dies_under_a_statement_is_discarded(db: async_sessionmaker[AsyncSession]) -> None:
    org = await with_operations(db)
    async with PostgresUnitOfWork(db, organization_id=org.id) as uow:
        await uow.fetch(RENAME, {"name": "Lost", "code": "OPS"})
        pid = (await uow.fetch_one(text("SELECT pg_backend_pid() AS pid"), {})).pid
        async with db() as killer, killer.begin():
            await killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(OperationalError):
            await uow.fetch(COUNT_DEPARTMENTS, {"code": "OPS"})
    for _ in range(3):  # whichever pooled connection comes next works
        async with PostgresUnitOfWork(db, organization_id=org.id) as uow:
            found = await uow.fetch_one(text("SELECT name FROM departments WHERE code = :code"), {"code": "OPS"})
            assert found is not None
            assert found.name == "Operations"
