"""Re-importing updates the course in place: enrollments and progress on unchanged items stay."""

import uuid
from decimal import Decimal

from sqlalchemy import select

from domain.models import AuditLog, Content, Course, Enrollment, Module, Progress
from tests.integration.authoring.support import (
    Sessions,
    Tenant,
    add_progress,
    audit_actions,
    run_import,
    sample_document,
    tenant,
)
from tests.support import factories


async def modules_of(db: Sessions, course_id: uuid.UUID) -> list[Module]:
    async with db() as session:
        query = select(Module).where(Module.course_id == course_id).order_by(Module.order)
        return list(await session.scalars(query))


async def item(db: Sessions, key: str) -> Content:
    async with db() as session:
        found = await session.scalar(select(Content).where(Content.content_data["key"].astext == key))
    assert found is not None, key
    return found


async def enroll_with_progress(db: Sessions, acme: Tenant, course_id: uuid.UUID) -> tuple[Enrollment, list[uuid.UUID]]:
    """The trainee enrolled, with the first module and its first two items completed."""
    async with db() as session:
        course = await session.get_one(Course, course_id)
        enrollment = await factories.enrollment(session, acme.trainee, course, status="in_progress")
        await session.commit()
    passwords = (await modules_of(db, course_id))[0]
    progress = [
        await add_progress(db, enrollment.id, passwords.id, None),
        await add_progress(db, enrollment.id, passwords.id, (await item(db, "strong-passwords")).id),
        await add_progress(db, enrollment.id, passwords.id, (await item(db, "password-manager")).id),
    ]
    return enrollment, progress


async def test_reimporting_an_unchanged_file_changes_nothing_and_writes_no_audit_rows(db: Sessions) -> None:
    acme = await tenant(db)
    first = await run_import(db, acme.id, sample_document())
    audit_before = await audit_actions(db)
    modules_before = [(m.id, m.order, m.updated_at) for m in await modules_of(db, first.course_id)]

    again = await run_import(db, acme.id, sample_document())

    assert (again.course_id, again.created, again.changed) == (first.course_id, False, False)
    assert await audit_actions(db) == audit_before
    assert [(m.id, m.order, m.updated_at) for m in await modules_of(db, first.course_id)] == modules_before


async def test_reimport_updates_in_place_and_keeps_progress_on_unchanged_items(db: Sessions) -> None:
    acme = await tenant(db)
    first = await run_import(db, acme.id, sample_document())
    enrollment, progress = await enroll_with_progress(db, acme, first.course_id)
    module_ids = [m.id for m in await modules_of(db, first.course_id)]
    document = sample_document()
    document["title"] = "Information Security Essentials"
    document["modules"][0]["title"] = "Passwords, passphrases and MFA"
    document["modules"][0]["content"][0]["body"] = "Length beats complexity."
    document["modules"].insert(
        0,
        {
            "key": "welcome",
            "title": "Welcome",
            "content": [{"type": "text", "title": "Why this matters", "body": "Most breaches start with a person."}],
        },
    )

    result = await run_import(db, acme.id, document)

    assert (result.course_id, result.created) == (first.course_id, False)
    modules = await modules_of(db, first.course_id)
    assert [m.id for m in modules[1:]] == module_ids
    assert [m.order for m in modules] == [1, 2, 3, 4]
    assert modules[1].title == "Passwords, passphrases and MFA"
    assert (await item(db, "strong-passwords")).content_data == {
        "key": "strong-passwords",
        "body": "Length beats complexity.",
    }
    async with db() as session:
        assert await session.get(Enrollment, enrollment.id) is not None
        kept = set(await session.scalars(select(Progress.id).where(Progress.enrollment_id == enrollment.id)))
        course = await session.get_one(Course, first.course_id)
    assert kept == set(progress)
    assert course.title == "Information Security Essentials"
    assert result.changes == {
        "course.updated": 1,
        "module.created": 1,
        "module.updated": 3,
        "content.created": 1,
        "content.updated": 1,
    }


async def test_an_update_is_audited_with_the_fields_before_and_after(db: Sessions) -> None:
    acme = await tenant(db)
    first = await run_import(db, acme.id, sample_document())
    document = sample_document()
    document["max_enrollments"] = 25

    await run_import(db, acme.id, document)

    async with db() as session:
        updated = await session.scalar(select(AuditLog).where(AuditLog.action == "course.updated"))
    assert updated is not None
    assert updated.entity_id == first.course_id
    assert updated.changes == {"before": {"max_enrollments": None}, "after": {"max_enrollments": 25}}


async def test_removing_an_item_deletes_it_with_its_progress_and_refreshes_the_enrollment(db: Sessions) -> None:
    acme = await tenant(db)
    first = await run_import(db, acme.id, sample_document())
    enrollment, (module_row, strong, _) = await enroll_with_progress(db, acme, first.course_id)
    removed = await item(db, "password-manager")
    document = sample_document()
    del document["modules"][0]["content"][1]

    result = await run_import(db, acme.id, document)

    async with db() as session:
        assert await session.get(Content, removed.id) is None
        remaining = set(await session.scalars(select(Progress.id).where(Progress.enrollment_id == enrollment.id)))
        refreshed = await session.get_one(Enrollment, enrollment.id)
        deleted = await session.scalar(select(AuditLog).where(AuditLog.action == "content.deleted"))
    assert remaining == {module_row, strong}
    assert result.changes["content.deleted"] == 1
    assert deleted is not None
    assert deleted.entity_id == removed.id
    # The first module's row is completed; it is one of three required modules.
    assert refreshed.progress_percentage == Decimal("33.33")


async def test_removing_a_module_deletes_it_its_items_and_their_progress(db: Sessions) -> None:
    acme = await tenant(db)
    first = await run_import(db, acme.id, sample_document())
    enrollment, _ = await enroll_with_progress(db, acme, first.course_id)
    document = sample_document()
    del document["modules"][0]
    del document["modules"][0]["unlock_condition"]

    result = await run_import(db, acme.id, document)

    modules = await modules_of(db, first.course_id)
    assert [(m.title, m.order) for m in modules] == [("Recognising phishing", 1), ("Handling data safely", 2)]
    async with db() as session:
        assert list(await session.scalars(select(Progress).where(Progress.enrollment_id == enrollment.id))) == []
        assert await session.get(Enrollment, enrollment.id) is not None
    assert (result.changes["module.deleted"], result.changes["content.deleted"]) == (1, 5)


async def test_reversing_the_modules_keeps_each_module_and_respects_the_unique_order(db: Sessions) -> None:
    acme = await tenant(db)
    document = sample_document()
    for module in document["modules"]:
        module.pop("unlock_condition", None)
    first = await run_import(db, acme.id, document)
    before = {m.title: m.id for m in await modules_of(db, first.course_id)}
    document["modules"].reverse()

    await run_import(db, acme.id, document)

    after = await modules_of(db, first.course_id)
    assert [m.title for m in after] == [
        "Handling data safely",
        "Recognising phishing",
        "Passwords and multi-factor authentication",
    ]
    assert {m.title: m.id for m in after} == before


async def test_removing_an_assessment_removes_its_quiz_item_and_the_condition_on_it(db: Sessions) -> None:
    acme = await tenant(db)
    first = await run_import(db, acme.id, sample_document())
    document = sample_document()
    document["assessments"] = []
    del document["modules"][1]["content"][3]
    document["modules"][2]["unlock_condition"] = {"previous_module_completed": True}

    result = await run_import(db, acme.id, document)

    modules = await modules_of(db, first.course_id)
    assert modules[2].unlock_condition == {"previous_module_completed": True}
    assert result.changes["assessment.deleted"] == 1
    async with db() as session:
        assert await session.scalar(select(Content).where(Content.content_type == "quiz")) is None
