"""The hot path's statements, and the unit of work that begins a tenant transaction in one round trip."""

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError, OperationalError

from domain.learning import CompleteItem, ContinueCourse, Enroll
from domain.models import Course, Organization
from infrastructure.unit_of_work import RUNTIME_ROLE, PostgresUnitOfWork
from tests.integration.learning.world import Sessions, StatementCounter, world


async def test_continue_takes_one_statement_and_so_does_done_even_when_it_completes_the_course(db: Sessions) -> None:
    w = await world(db, layout=(1, 1))
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    with StatementCounter(db) as opening:
        await w.run(w.trainee, ContinueCourse(course_code=w.course.course_code))
    with StatementCounter(db) as completing:
        await w.run(w.trainee, CompleteItem())
    with StatementCounter(db) as repeating:
        await w.run(w.trainee, CompleteItem(content_id=w.item(1, 1).id))
    with StatementCounter(db) as finishing:
        [done] = await w.run(w.trainee, CompleteItem(content_id=w.item(2, 1).id))
    assert done.text.endswith("You have completed *Security Basics*. Congratulations!")
    assert len(w.completed) == 1
    assert len(opening.statements) == 1
    assert len(completing.statements) == 1
    assert len(repeating.statements) == 1
    assert len(finishing.statements) == 1


async def test_a_tenant_transaction_sends_no_statement_to_begin(db: Sessions) -> None:
    w = await world(db)
    with StatementCounter(db) as counter:
        async with PostgresUnitOfWork(db, organization_id=w.org.id, actor_id=w.trainee.id) as uow:
            assert counter.statements == []
            settings = await uow.session.execute(
                text("SELECT current_user, current_setting('app.current_organization_id'), txid_current_if_assigned()")
            )
    role, organization, _ = settings.one()
    assert (role, organization) == (RUNTIME_ROLE, str(w.org.id))


async def test_committing_the_session_directly_commits(db: Sessions) -> None:
    w = await world(db)
    async with PostgresUnitOfWork(db, organization_id=w.org.id) as uow:
        await uow.session.execute(update(Course).values(title="Renamed"))
        await uow.session.commit()
    async with db() as session:
        assert await session.scalar(select(Course.title)) == "Renamed"


async def test_a_failed_statement_rolls_back_and_the_connection_comes_back_clean(db: Sessions) -> None:
    w = await world(db)
    other = await world(db)
    async with PostgresUnitOfWork(db, organization_id=w.org.id) as uow:
        await uow.session.execute(update(Course).values(title="Half done"))
        with pytest.raises(DBAPIError, match="row-level security"):
            await uow.session.execute(update(Course).values(organization_id=other.org.id))
    async with db() as session:
        assert set(await session.scalars(select(Course.title))) == {"Security Basics"}
        assert await session.scalar(text("SELECT current_user")) != RUNTIME_ROLE
        assert len(list(await session.scalars(select(Organization.id)))) == 2


async def test_a_connection_that_dies_mid_transaction_is_discarded(db: Sessions) -> None:
    w = await world(db)
    async with PostgresUnitOfWork(db, organization_id=w.org.id) as uow:
        await uow.session.execute(update(Course).values(title="Lost"))
        pid = await uow.session.scalar(text("SELECT pg_backend_pid()"))
        async with db() as killer, killer.begin():
            await killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(OperationalError):
            await uow.commit()
    async with PostgresUnitOfWork(db, organization_id=w.org.id) as uow:
        assert await uow.session.scalar(select(Course.title)) == "Security Basics"


async def test_connections_go_back_to_the_pool_as_ordinary_transactional_ones(db: Sessions) -> None:
    w = await world(db)
    for _ in range(3):  # every pooled connection has served a tenant transaction by now
        async with PostgresUnitOfWork(db, organization_id=w.org.id) as uow:
            await uow.session.execute(select(Course.id))
            await uow.commit()
    async with db() as session:
        await session.execute(update(Course).values(title="Never committed"))
        await session.rollback()
    async with db() as session:
        assert await session.scalar(select(Course.title)) == "Security Basics"


async def test_a_tenant_that_is_not_a_uuid_never_reaches_the_begin_message(db: Sessions) -> None:
    with pytest.raises(ValueError, match="badly formed"):
        async with PostgresUnitOfWork(db, organization_id="x'); DROP TABLE users; --"):  # type: ignore[arg-type]
            pass
    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM users")) is not None


async def test_commit_so_far_keeps_what_was_done_and_goes_on_in_the_tenant_on_the_same_connection(db: Sessions) -> None:
    w = await world(db)
    backend_pid = text("SELECT pg_backend_pid() AS pid, current_setting('app.current_organization_id') AS tenant")
    async with PostgresUnitOfWork(db, organization_id=w.org.id) as uow:
        before = await uow.fetch_one(backend_pid, {})
        await uow.fetch(text("UPDATE courses SET title = 'Kept' WHERE id = :id"), {"id": w.course.id})
        await uow.commit_so_far()
        after = await uow.fetch_one(backend_pid, {})
        await uow.fetch(text("UPDATE courses SET title = 'Rolled back' WHERE id = :id"), {"id": w.course.id})
        async with db() as other:
            assert await other.scalar(select(Course.title).where(Course.id == w.course.id)) == "Kept"
        # leaves without commit: only the second part rolls back
    assert (after.pid, after.tenant) == (before.pid, str(w.org.id))
    async with db() as session:
        assert await session.scalar(select(Course.title).where(Course.id == w.course.id)) == "Kept"
