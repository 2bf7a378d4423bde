"""Issuing: completing a certified course issues exactly one certificate, in the completing transaction."""

import asyncio
import re
from pathlib import Path

from domain.events import CourseCompleted
from domain.messagebus import Context, MessageBus
from domain.models import CertificateTemplate
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.certificates.support import (
    PUBLIC_URL,
    Certified,
    certificates,
    certified,
    owner_rows,
)
from tests.integration.learning.world import Sessions, StatementCounter, add, audit_actions, enrollment_of
from tests.support.locks import someone_waits_for_a_lock


async def completion_of(c: Certified) -> CourseCompleted:
    enrollment = await enrollment_of(c.w.db, c.w.trainee, c.w.course)
    assert enrollment is not None
    return CourseCompleted(
        enrollment_id=enrollment.id, trainee_id=c.w.trainee.id, course_id=c.w.course.id, organization_id=c.w.org.id
    )


async def test_completing_a_certified_course_issues_one_certificate_and_replies_with_its_link(
    db: Sessions, tmp_path: Path
) -> None:
    c = await certified(db, tmp_path)
    replies = await c.complete()

    [issued] = await certificates(db)
    assert re.fullmatch(r"CERT-\d{4}-\d{8}", issued.certificate_number)
    assert re.fullmatch(r"[0-9a-f]{64}", issued.verification_token)
    assert issued.pdf_url == f"{PUBLIC_URL}/certificates/{issued.verification_token}.pdf"
    assert issued.expires_at is None
    assert issued.is_valid
    assert next(r.text.splitlines()[-1] for r in replies).startswith("You have completed *Security Basics*")
    link = replies[-1]
    assert link.link is not None
    assert link.link.url == f"{PUBLIC_URL}/certificates/{issued.verification_token}"
    assert issued.certificate_number in link.text
    assert "linkedin.com/profile/add" in link.text
    enrollment = await enrollment_of(db, c.w.trainee, c.w.course)
    assert enrollment is not None
    assert enrollment.certificate_issued
    assert enrollment.certificate_issued_at == issued.issued_at
    assert (await audit_actions(db, issued.id)) == ["certificate.issued"]


async def test_a_course_that_is_not_certified_issues_nothing(db: Sessions, tmp_path: Path) -> None:
    c = await certified(db, tmp_path, is_certified=False)
    replies = await c.complete()

    assert await certificates(db) == []
    assert all(r.link is None for r in replies)


async def test_completing_a_course_that_is_not_certified_costs_no_certificate_statement(
    db: Sessions, tmp_path: Path
) -> None:
    plain = await certified(db, tmp_path, is_certified=False)
    await plain.enroll()
    await plain.done(1, 1)
    with StatementCounter(db) as completing:
        [done] = await plain.done(1, 2)
    assert done.text.splitlines()[-1].startswith("You have completed *Security Basics*")
    assert len(completing.statements) == 1, "the completing done, and no certificate INSERT after it"

    c = await certified(db, tmp_path)
    await c.enroll()
    await c.done(1, 1)
    with StatementCounter(db) as issuing:
        replies = await c.done(1, 2)
    assert replies[-1].link is not None
    assert len(await certificates(db)) == 1
    assert len(issuing.statements) > 1


async def test_a_completion_processed_twice_issues_one_certificate(db: Sessions, tmp_path: Path) -> None:
    c = await certified(db, tmp_path)
    await c.complete()
    again = await completion_of(c)

    await c.services.bus.publish(again, c.w.org.id)  # a redelivered event, as a job would publish it
    await c.services.bus.publish(again, c.w.org.id)

    assert len(await certificates(db)) == 1


async def test_two_workers_processing_one_completion_at_once_issue_one_certificate(
    db: Sessions, tmp_path: Path
) -> None:
    c = await certified(db, tmp_path, layout=(1,))
    await c.enroll()
    await completed_by_sql(c)
    [issue] = c.services.bus.event_handlers[CourseCompleted]
    holding, released = asyncio.Event(), asyncio.Event()

    async def hold_the_first(ctx: Context, event: CourseCompleted) -> None:
        if not holding.is_set():
            holding.set()
            await released.wait()

    bus = MessageBus(PostgresUnitsOfWork(db), c.services.bus.handlers, {CourseCompleted: [issue, hold_the_first]})
    event = await completion_of(c)
    first = asyncio.create_task(bus.publish(event, c.w.org.id))
    try:
        await asyncio.wait_for(holding.wait(), 10)  # issued, not committed yet
        second = asyncio.create_task(bus.publish(event, c.w.org.id))
        await someone_waits_for_a_lock(db)  # the second insert waits on the unique index
    finally:
        released.set()
    await asyncio.gather(first, second)

    assert len(await certificates(db)) == 1


async def completed_by_sql(c: Certified) -> None:
    await owner_rows(
        c.w.db,
        "UPDATE enrollments SET status = 'completed', completed_at = now() WHERE trainee_id = :t",
        t=c.w.trainee.id,
    )


async def test_a_grader_completing_the_course_issues_the_certificate_without_a_reply(
    db: Sessions, tmp_path: Path
) -> None:
    c = await certified(db, tmp_path, layout=(1,))
    await c.enroll()
    await completed_by_sql(c)
    await c.services.bus.publish(await completion_of(c), c.w.org.id)  # no acting trainee

    assert len(await certificates(db)) == 1


async def test_the_organizations_default_template_and_its_validity_are_used(db: Sessions, tmp_path: Path) -> None:
    c = await certified(db, tmp_path)
    # Written straight into the table, as an admin's SQL would.
    [(template_id,)] = await owner_rows(
        db,
        "INSERT INTO certificate_templates (organization_id, name, template_html, fields, is_default, validity_months) "
        "VALUES (:org, 'House style', '<h1>{{ trainee_name }}</h1>', '{}', true, 12) RETURNING id",
        org=c.w.org.id,
    )
    await c.complete()

    [issued] = await certificates(db)
    assert issued.template_id == template_id
    assert issued.expires_at is not None
    assert issued.issued_at is not None
    assert 365 <= (issued.expires_at - issued.issued_at).days <= 366


async def test_the_courses_own_template_and_validity_override_the_organizations(db: Sessions, tmp_path: Path) -> None:
    c = await certified(db, tmp_path, meta={"certificate_validity_months": "6"})
    default = await add(
        db,
        lambda s: added(
            s,
            CertificateTemplate(
                organization_id=c.w.org.id,
                name="Default",
                template_html="x",
                fields={},
                is_default=True,
                validity_months=24,
            ),
        ),
    )
    own = await add(
        db,
        lambda s: added(s, CertificateTemplate(organization_id=c.w.org.id, name="Own", template_html="y", fields={})),
    )
    await owner_rows(db, "UPDATE courses SET certificate_template_id = :t WHERE id = :c", t=own.id, c=c.w.course.id)
    await c.complete()

    [issued] = await certificates(db)
    assert issued.template_id == own.id != default.id
    assert issued.expires_at is not None
    assert issued.issued_at is not None
    assert 181 <= (issued.expires_at - issued.issued_at).days <= 184


async def test_an_organization_without_templates_gets_one_built_in_template_row(db: Sessions, tmp_path: Path) -> None:
    c = await certified(db, tmp_path)
    await c.complete()

    rows = await owner_rows(
        db, "SELECT name, fields FROM certificate_templates WHERE organization_id = :o", o=c.w.org.id
    )
    assert rows == [("LearnBot default", {"builtin": "default"})]


async def added(session: object, row: object) -> object:
    session.add(row)  # type: ignore[attr-defined]
    await session.flush()  # type: ignore[attr-defined]
    return row
