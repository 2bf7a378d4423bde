"""The schema's own behaviour: triggers, generated numbers, the progress function, partitions, checks."""

import asyncio
import re
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.models import (
    AuditLog,
    Certificate,
    CertificateTemplate,
    Content,
    Enrollment,
    Module,
    Organization,
    Progress,
)
from tests.support import factories

Sessions = async_sessionmaker[AsyncSession]


async def test_updated_at_moves_forward_on_every_update(db: Sessions) -> None:
    async with db() as session, session.begin():
        org = await factories.organization(session)
    await asyncio.sleep(0.01)
    async with db() as session, session.begin():
        await session.execute(update(Organization).where(Organization.id == org.id).values(logo_url="x"))
        fresh = await session.scalar(select(Organization.updated_at).where(Organization.id == org.id))
    assert fresh is not None
    assert org.updated_at is not None
    assert fresh > org.updated_at


async def certificate(session: AsyncSession, number: str | None = None) -> Certificate:
    org = await factories.organization(session)
    instructor = await factories.user(session, org, role="instructor")
    trainee = await factories.user(session, org)
    course = await factories.course(session, org, instructor)
    enrollment = await factories.enrollment(session, trainee, course)
    template = CertificateTemplate(organization_id=org.id, name="Default", template_html="<p/>", fields={})
    session.add(template)
    await session.flush()
    row = Certificate(enrollment_id=enrollment.id, template_id=template.id)
    if number is not None:
        row.certificate_number = number
    session.add(row)
    await session.flush()
    return row


async def test_certificate_numbers_are_generated_in_sequence_when_not_given(db: Sessions) -> None:
    async with db() as session, session.begin():
        first = await certificate(session)
        second = await certificate(session)
    year = datetime.now(UTC).year
    pattern = rf"CERT-{year}-(\d{{8}})"
    first_match = re.fullmatch(pattern, first.certificate_number)
    second_match = re.fullmatch(pattern, second.certificate_number)
    assert first_match is not None
    assert second_match is not None
    assert int(second_match.group(1)) == int(first_match.group(1)) + 1


async def test_a_given_certificate_number_is_kept(db: Sessions) -> None:
    async with db() as session, session.begin():
        given = await certificate(session, number="ACME-0001")
    assert given.certificate_number == "ACME-0001"


class Course2x2:
    """A course of two required modules with two required items each, and one enrollment."""

    def __init__(self, enrollment: Enrollment, modules: list[Module], items: list[list[Content]]) -> None:
        self.enrollment, self.modules, self.items = enrollment, modules, items


async def course_2x2(session: AsyncSession) -> Course2x2:
    org = await factories.organization(session)
    instructor = await factories.user(session, org, role="instructor")
    trainee = await factories.user(session, org)
    course = await factories.course(session, org, instructor)
    modules = [await factories.module(session, course, order) for order in (1, 2)]
    items = [[await factories.content(session, m, order) for order in (1, 2)] for m in modules]
    optional = await factories.module(session, course, 3, is_required=False)
    await factories.content(session, optional, 1)
    enrollment = await factories.enrollment(session, trainee, course)
    return Course2x2(enrollment, modules, items)


async def progress_of(session: AsyncSession, enrollment: Enrollment) -> Decimal:
    value = await session.scalar(select(text("calculate_enrollment_progress(:e)")), {"e": enrollment.id})
    assert isinstance(value, Decimal)
    return value


async def test_enrollment_progress_counts_modules_and_their_items_and_stops_at_100(db: Sessions) -> None:
    async with db() as session, session.begin():
        course = await course_2x2(session)
        assert await progress_of(session, course.enrollment) == Decimal("0.00")

        def done(module: Module, item: Content | None) -> Progress:
            return Progress(
                enrollment_id=course.enrollment.id,
                module_id=module.id,
                content_id=item.id if item else None,
                status="completed",
            )

        session.add(done(course.modules[0], course.items[0][0]))
        await session.flush()
        assert await progress_of(session, course.enrollment) == Decimal("25.00")
        session.add_all([done(course.modules[0], course.items[0][1]), done(course.modules[0], None)])
        await session.flush()
        assert await progress_of(session, course.enrollment) == Decimal("50.00")
        session.add_all([done(course.modules[1], i) for i in course.items[1]] + [done(course.modules[1], None)])
        await session.flush()
        # Five completed rows per module would have given the seed's function 300%.
        assert await progress_of(session, course.enrollment) == Decimal("100.00")


async def test_a_module_level_progress_row_cannot_be_duplicated(db: Sessions) -> None:
    async with db() as session:
        async with session.begin():
            course = await course_2x2(session)
        session.add(Progress(enrollment_id=course.enrollment.id, module_id=course.modules[0].id))
        await session.commit()
        session.add(Progress(enrollment_id=course.enrollment.id, module_id=course.modules[0].id))
        with pytest.raises(IntegrityError, match="uq_progress_enrollment_id_module_id_content_id"):
            await session.commit()


async def test_enumerated_columns_refuse_values_the_seed_does_not_list(db: Sessions) -> None:
    async with db() as session:
        org = await factories.organization(session)
        with pytest.raises(IntegrityError, match="ck_users_role"):
            await factories.user(session, org, role="superuser")


async def partition_of(session: AsyncSession, audit_id: uuid.UUID) -> str:
    name = await session.scalar(
        text("SELECT tableoid::regclass::text FROM audit_logs WHERE id = :id"), {"id": audit_id}
    )
    assert isinstance(name, str)
    return name


async def test_audit_rows_land_in_this_months_partition(db: Sessions) -> None:
    async with db() as session, session.begin():
        row = AuditLog(action="test.logged")
        session.add(row)
        await session.flush()
        assert await partition_of(session, row.id) == f"audit_logs_{datetime.now(UTC):%Y_%m}"
        assert row.id.version == 7


async def test_creating_a_months_partition_moves_rows_out_of_the_default_partition(db: Sessions) -> None:
    async with db() as session, session.begin():
        await session.execute(text("SELECT create_audit_log_partitions(2)"))
        # An id four months ahead has no partition yet, so it lands in the default one.
        ahead = await session.scalar(text("SELECT uuid_v7_boundary(date_trunc('month', now()) + interval '4 months')"))
        session.add(AuditLog(id=ahead, action="test.future"))
        await session.flush()
        assert await partition_of(session, ahead) == "audit_logs_default"
        created = await session.scalar(text("SELECT create_audit_log_partitions(4)"))
        assert created == 2
        assert (await partition_of(session, ahead)).startswith("audit_logs_20")
        await session.rollback()
