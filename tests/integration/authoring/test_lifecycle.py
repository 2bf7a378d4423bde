"""Publishing and archiving a course, listing courses, and tenant isolation of everything imported."""

import uuid

import pytest
from sqlalchemy import select

from domain.authoring.exporter import export_course
from domain.authoring.lifecycle import archive_course, list_courses, publish_course
from domain.authoring.validation import InvalidCourseFile
from domain.errors import Conflict, NotFound
from domain.models import AuditLog, Course
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.integration.authoring.support import Sessions, run_import, sample_document, tenant


async def publish(db: Sessions, organization_id: uuid.UUID, code: str) -> bool:
    async with PostgresUnitOfWork(db, organization_id=organization_id) as uow:
        changed = await publish_course(uow, code)
        await uow.commit()
    return changed


async def archive(db: Sessions, organization_id: uuid.UUID, code: str) -> bool:
    async with PostgresUnitOfWork(db, organization_id=organization_id) as uow:
        changed = await archive_course(uow, code)
        await uow.commit()
    return changed


async def test_publishing_sets_the_status_and_published_at_with_an_audit_row(db: Sessions) -> None:
    acme = await tenant(db)
    imported = await run_import(db, acme.id, sample_document())

    assert await publish(db, acme.id, "SEC-101")

    async with db() as session:
        course = await session.get_one(Course, imported.course_id)
        audit = await session.scalar(select(AuditLog).where(AuditLog.action == "course.published"))
    assert course.status == "published"
    assert course.published_at is not None
    assert audit is not None
    assert audit.entity_id == course.id
    assert audit.changes is not None
    assert (audit.changes["before"]["status"], audit.changes["after"]["status"]) == ("draft", "published")


async def test_publishing_twice_changes_nothing_the_second_time(db: Sessions) -> None:
    acme = await tenant(db)
    await run_import(db, acme.id, sample_document())
    await publish(db, acme.id, "SEC-101")

    assert not await publish(db, acme.id, "SEC-101")

    async with db() as session:
        published = list(await session.scalars(select(AuditLog).where(AuditLog.action == "course.published")))
    assert len(published) == 1


async def test_a_course_without_modules_cannot_be_published(db: Sessions) -> None:
    acme = await tenant(db)
    document = sample_document() | {"modules": [], "assessments": []}
    document["assignments"][0].pop("module")
    await run_import(db, acme.id, document)

    with pytest.raises(Conflict, match="SEC-101 has no modules yet"):
        await publish(db, acme.id, "SEC-101")

    async with db() as session:
        assert await session.scalar(select(Course.status)) == "draft"


async def test_archiving_keeps_the_course_and_a_reimport_keeps_its_status(db: Sessions) -> None:
    acme = await tenant(db)
    await run_import(db, acme.id, sample_document())
    await publish(db, acme.id, "SEC-101")

    assert await archive(db, acme.id, "SEC-101")
    assert not await archive(db, acme.id, "SEC-101")
    await run_import(db, acme.id, sample_document() | {"title": "Information Security Basics (2024)"})

    async with db() as session:
        assert await session.scalar(select(Course.status)) == "archived"
        actions = list(await session.scalars(select(AuditLog.action).where(AuditLog.action == "course.archived")))
    assert actions == ["course.archived"]


async def test_publishing_an_unknown_code_says_so(db: Sessions) -> None:
    acme = await tenant(db)

    with pytest.raises(NotFound, match="No course has the code 'SEC-999'"):
        await publish(db, acme.id, "SEC-999")


async def test_a_course_imported_in_one_organization_is_invisible_in_another(db: Sessions) -> None:
    acme = await tenant(db)
    other = await tenant(db, instructor_email="other.instructor@example.org")
    await run_import(db, acme.id, sample_document())

    async with PostgresUnitOfWork(db, organization_id=other.id) as uow:
        assert await list_courses(uow) == []
        with pytest.raises(NotFound):
            await export_course(uow, "SEC-101")
    with pytest.raises(NotFound):
        await publish(db, other.id, "SEC-101")
    async with PostgresUnitOfWork(db, organization_id=acme.id) as uow:
        listed = await list_courses(uow)
    assert [(c.code, c.status, c.modules, c.enrollments) for c in listed] == [("SEC-101", "draft", 3, 0)]


async def test_the_same_code_in_two_organizations_is_two_courses(db: Sessions) -> None:
    acme = await tenant(db)
    other = await tenant(db, instructor_email="other.instructor@example.org")
    first = await run_import(db, acme.id, sample_document())

    second = await run_import(db, other.id, sample_document() | {"instructor": "other.instructor@example.org"})

    assert second.created
    assert second.course_id != first.course_id
    async with db() as session:
        owners = set(await session.scalars(select(Course.organization_id)))
    assert owners == {acme.id, other.id}


async def test_an_instructor_of_another_organization_is_unknown_here(db: Sessions) -> None:
    acme = await tenant(db)
    other = await tenant(db, instructor_email="other.instructor@example.org")

    with pytest.raises(InvalidCourseFile, match="no one in this organization has the email"):
        await run_import(db, acme.id, sample_document() | {"instructor": other.instructor.email})
