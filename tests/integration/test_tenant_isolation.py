"""Row-level security: inside tenant A's transaction, tenant B's rows can't be seen, added or changed."""

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.models import Assessment, AuditLog, Content, Course, Enrollment, Module, Organization, Progress, User
from infrastructure.unit_of_work import RUNTIME_ROLE, PostgresUnitOfWork
from tests.support import factories


@dataclass(frozen=True)
class Tenant:
    org: Organization
    trainee: User
    course: Course
    enrollment: Enrollment


async def two_tenants(db: async_sessionmaker[AsyncSession]) -> tuple[Tenant, Tenant]:
    tenants = []
    async with db() as session, session.begin():
        for _ in range(2):
            org = await factories.organization(session)
            instructor = await factories.user(session, org, role="instructor")
            trainee = await factories.user(session, org)
            course = await factories.course(session, org, instructor)
            module = await factories.module(session, course, 1)
            enrollment = await factories.enrollment(session, trainee, course)
            session.add(Progress(enrollment_id=enrollment.id, module_id=module.id))
            tenants.append(Tenant(org, trainee, course, enrollment))
    return tenants[0], tenants[1]


async def test_the_runtime_role_is_neither_superuser_nor_bypassrls(db: async_sessionmaker[AsyncSession]) -> None:
    async with db() as session:
        flags = (
            await session.execute(
                text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :role"), {"role": RUNTIME_ROLE}
            )
        ).one()
    assert tuple(flags) == (False, False)


async def test_a_tenant_sees_only_its_own_rows(db: async_sessionmaker[AsyncSession]) -> None:
    a, b = await two_tenants(db)
    async with PostgresUnitOfWork(db, organization_id=a.org.id) as uow:
        assert await uow.session.scalar(text("SELECT current_user")) == RUNTIME_ROLE
        assert set(await uow.session.scalars(select(Organization.id))) == {a.org.id}
        for model in (User, Course, Module, Enrollment, Progress):
            assert await uow.session.scalar(select(model)), f"{model.__tablename__}: A sees its own rows"
        assert await uow.session.get(User, b.trainee.id) is None
        assert await uow.session.get(Course, b.course.id) is None
        assert await uow.session.get(Enrollment, b.enrollment.id) is None
        progress_of_b = await uow.session.scalars(select(Progress).where(Progress.enrollment_id == b.enrollment.id))
        assert list(progress_of_b) == []


async def test_a_tenant_cannot_insert_rows_into_another_tenant(db: async_sessionmaker[AsyncSession]) -> None:
    a, b = await two_tenants(db)
    async with PostgresUnitOfWork(db, organization_id=a.org.id) as uow:
        uow.session.add(
            User(
                organization_id=b.org.id,
                employee_id="X1",
                username="intruder",
                email="intruder@example.com",
                password_hash="!",
                first_name="In",
                last_name="Truder",
                role="admin",
            )
        )
        with pytest.raises(DBAPIError, match="row-level security"):
            await uow.session.flush()


async def test_a_tenant_cannot_enroll_into_another_tenants_course(db: async_sessionmaker[AsyncSession]) -> None:
    a, b = await two_tenants(db)
    async with PostgresUnitOfWork(db, organization_id=a.org.id) as uow:
        uow.session.add(Enrollment(trainee_id=a.trainee.id, course_id=b.course.id))
        with pytest.raises(DBAPIError, match="row-level security"):
            await uow.session.flush()


async def test_a_tenant_cannot_update_or_move_rows_across_tenants(db: async_sessionmaker[AsyncSession]) -> None:
    a, b = await two_tenants(db)
    async with PostgresUnitOfWork(db, organization_id=a.org.id) as uow:
        changed = await uow.session.scalars(
            update(User).where(User.id == b.trainee.id).values(first_name="Hacked").returning(User.id)
        )
        assert list(changed) == []
        await uow.commit()
    async with PostgresUnitOfWork(db, organization_id=a.org.id) as uow:
        with pytest.raises(DBAPIError, match="row-level security"):
            await uow.session.execute(update(User).where(User.id == a.trainee.id).values(organization_id=b.org.id))
    async with db() as session:
        b_trainee = await session.get(User, b.trainee.id)
        a_trainee = await session.get(User, a.trainee.id)
    assert b_trainee is not None
    assert b_trainee.first_name == "Test"
    assert a_trainee is not None
    assert a_trainee.organization_id == a.org.id


async def test_without_a_tenant_the_runtime_role_sees_nothing(db: async_sessionmaker[AsyncSession]) -> None:
    await two_tenants(db)
    async with db() as session, session.begin():
        await session.execute(text(f"SET LOCAL ROLE {RUNTIME_ROLE}"))
        assert await session.scalar(select(Course.id)) is None
        assert await session.scalar(select(Enrollment.id)) is None


async def test_audit_rows_of_a_unit_of_work_carry_its_tenant_and_actor(db: async_sessionmaker[AsyncSession]) -> None:
    a, _ = await two_tenants(db)
    org_id, actor = a.org.id, a.trainee.id
    async with PostgresUnitOfWork(db, organization_id=org_id, actor_id=actor) as uow:
        uow.record("course.viewed", "course", a.course.id, after={"title": "A course"})
        await uow.commit()
    async with db() as session:
        row = await session.scalar(select(AuditLog).where(AuditLog.action == "course.viewed"))
    assert row is not None
    assert (row.organization_id, row.user_id) == (org_id, actor)
    assert row.changes == {"before": None, "after": {"title": "A course"}}


async def test_a_unit_of_work_rolls_back_unless_committed(db: async_sessionmaker[AsyncSession]) -> None:
    a, _ = await two_tenants(db)
    async with PostgresUnitOfWork(db, organization_id=a.org.id) as uow:
        await uow.session.execute(update(Course).values(title="Renamed"))
    async with db() as session:
        titles = set(await session.scalars(select(Course.title)))
    assert titles == {"A course"}


async def test_rows_below_a_parent_take_its_tenant_whatever_the_insert_says(
    db: async_sessionmaker[AsyncSession],
) -> None:
    a, b = await two_tenants(db)
    async with db() as session, session.begin():
        module = await factories.module(session, a.course, 2)
        progress = Progress(enrollment_id=a.enrollment.id, module_id=module.id, organization_id=b.org.id)
        session.add(progress)
    async with db() as session:
        tenants = (
            await session.execute(
                text(
                    "SELECT m.organization_id, p.organization_id FROM modules m, progress p"
                    " WHERE p.id = :p AND m.id = :m"
                ),
                {"p": progress.id, "m": module.id},
            )
        ).one()
    assert tuple(tenants) == (a.org.id, a.org.id)


async def test_a_tenant_cannot_move_a_child_row_into_another_tenant(db: async_sessionmaker[AsyncSession]) -> None:
    a, b = await two_tenants(db)
    async with PostgresUnitOfWork(db, organization_id=a.org.id) as uow:
        with pytest.raises(DBAPIError, match="row-level security"):
            await uow.session.execute(
                update(Enrollment).where(Enrollment.id == a.enrollment.id).values(course_id=b.course.id)
            )


async def test_a_course_moved_to_another_organization_takes_its_rows_along(
    db: async_sessionmaker[AsyncSession],
) -> None:
    a, b = await two_tenants(db)
    async with db() as session, session.begin():
        course = await factories.course(session, a.org, await factories.user(session, a.org, role="instructor"))
        module = await factories.module(session, course, 1)
        await factories.content(session, module, 1)
        session.add(Assessment(course_id=course.id, module_id=module.id, title="Quiz", questions={}))
    b_instructor = await session_user(db, b.org, "instructor")
    async with db() as session, session.begin():
        await session.execute(
            update(Course).where(Course.id == course.id).values(organization_id=b.org.id, instructor_id=b_instructor)
        )
    async with PostgresUnitOfWork(db, organization_id=b.org.id) as uow:
        assert await uow.session.get(Module, module.id) is not None
        assert list(await uow.session.scalars(select(Content.id).where(Content.module_id == module.id)))
        assert await uow.session.scalar(select(Assessment.module_id).where(Assessment.course_id == course.id)) == (
            module.id
        )


async def test_a_course_still_used_by_people_of_its_organization_cannot_move_to_another(
    db: async_sessionmaker[AsyncSession],
) -> None:
    a, b = await two_tenants(db)
    async with db() as session, session.begin():
        with pytest.raises(DBAPIError, match="tenant_fk_"):
            await session.execute(update(Course).where(Course.id == a.course.id).values(organization_id=b.org.id))


async def session_user(db: async_sessionmaker[AsyncSession], org: Organization, role: str) -> uuid.UUID:
    async with db() as session, session.begin():
        return (await factories.user(session, org, role=role)).id
