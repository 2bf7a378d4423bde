"""Importing a course file: everything created, references resolved to uuids, audit rows written."""

import asyncio

from sqlalchemy import select

from domain.assessments.questions import QuestionSet
from domain.authoring.importer import ImportResult
from domain.errors import Conflict
from domain.models import Assessment, Assignment, AuditLog, Content, Course, Module
from tests.integration.authoring.support import Sessions, audit_actions, run_import, sample_document, tenant


async def test_importing_the_sample_course_creates_every_part(db: Sessions) -> None:
    acme = await tenant(db)

    result = await run_import(db, acme.id, sample_document())

    assert result.created
    async with db() as session:
        course = await session.get_one(Course, result.course_id)
        modules = list(
            await session.scalars(select(Module).where(Module.course_id == course.id).order_by(Module.order))
        )
        items = list(await session.scalars(select(Content).where(Content.module_id.in_([m.id for m in modules]))))
        assessment = await session.scalar(select(Assessment).where(Assessment.course_id == course.id))
        assignment = await session.scalar(select(Assignment).where(Assignment.course_id == course.id))
    assert (course.course_code, course.status, course.organization_id) == ("SEC-101", "draft", acme.id)
    assert (course.instructor_id, course.department_id) == (acme.instructor.id, acme.department.id)
    assert (course.is_certified, course.is_public, course.estimated_duration) == (True, True, 1)
    assert [m.order for m in modules] == [1, 2, 3]
    assert {item.content_type for item in items} == {"text", "link", "video", "document", "quiz"}
    assert assessment is not None
    assert assignment is not None
    assert assignment.module_id == modules[2].id
    assert assignment.created_by == acme.instructor.id
    questions = QuestionSet.model_validate(assessment.questions).questions
    assert {q.type for q in questions} == {"multiple_choice", "true_false", "short_answer", "essay"}
    assert assessment.settings == {"key": "security-basics-quiz"}
    assert (assessment.module_id, assessment.time_limit, assessment.max_attempts) == (modules[1].id, 15, 3)


async def test_unlock_conditions_and_quiz_items_are_stored_with_uuids(db: Sessions) -> None:
    acme = await tenant(db)

    result = await run_import(db, acme.id, sample_document())

    async with db() as session:
        modules = list(
            await session.scalars(select(Module).where(Module.course_id == result.course_id).order_by(Module.order))
        )
        assessment = await session.scalar(select(Assessment).where(Assessment.course_id == result.course_id))
        quiz = await session.scalar(select(Content).where(Content.content_type == "quiz"))
    assert assessment is not None
    assert quiz is not None
    assert modules[0].unlock_condition is None
    assert modules[1].unlock_condition == {"previous_module_completed": True}
    assert modules[2].unlock_condition == {"assessment_passed": str(assessment.id)}
    assert quiz.content_data == {"key": "phishing-quiz", "assessment_id": str(assessment.id)}


async def test_a_module_reference_by_number_key_or_title_becomes_that_modules_uuid(db: Sessions) -> None:
    acme = await tenant(db)
    document = sample_document()
    document["modules"][1]["unlock_condition"] = {"module_completed": 1}
    document["modules"][2]["unlock_condition"] = {
        "module_completed": "Recognising phishing",
        "available_from": "2025-03-01T09:00:00+01:00",
    }
    document["assignments"][0]["module"] = "passwords"

    result = await run_import(db, acme.id, document)

    async with db() as session:
        modules = list(
            await session.scalars(select(Module).where(Module.course_id == result.course_id).order_by(Module.order))
        )
        assignment = await session.scalar(select(Assignment))
    assert modules[1].unlock_condition == {"module_completed": str(modules[0].id)}
    assert modules[2].unlock_condition == {
        "module_completed": str(modules[1].id),
        "available_from": "2025-03-01T09:00:00+01:00",
    }
    assert assignment is not None
    assert assignment.module_id == modules[0].id


async def test_an_import_writes_an_audit_row_for_every_created_row_and_one_summary(db: Sessions) -> None:
    acme = await tenant(db)

    result = await run_import(db, acme.id, sample_document())

    actions = await audit_actions(db)
    assert actions.count("course.created") == 1
    assert actions.count("module.created") == 3
    assert actions.count("content.created") == 13
    assert actions.count("assessment.created") == 1
    assert actions.count("assignment.created") == 1
    assert actions[-1] == "course.imported"
    async with db() as session:
        summary = await session.scalar(select(AuditLog).where(AuditLog.action == "course.imported"))
    assert summary is not None
    assert summary.organization_id == acme.id
    assert summary.entity_id == result.course_id
    assert summary.changes is not None
    assert summary.changes["after"]["changes"]["content.created"] == 13


async def test_two_simultaneous_imports_of_a_new_course_create_it_once(db: Sessions) -> None:
    acme = await tenant(db)

    outcomes = await asyncio.gather(
        run_import(db, acme.id, sample_document()), run_import(db, acme.id, sample_document()), return_exceptions=True
    )

    created = [o for o in outcomes if isinstance(o, ImportResult) and o.created]
    assert len(created) == 1, outcomes
    # The other one either lost the race for the new row (a friendly Conflict) or came after it (no change).
    other = next(o for o in outcomes if o is not created[0])
    if isinstance(other, Conflict):
        assert "changed by someone else at the same moment" in other.message
    else:
        assert isinstance(other, ImportResult), other
        assert not other.changed
    async with db() as session:
        assert list(await session.scalars(select(Course.id))) == [created[0].course_id]


async def test_titles_in_any_language_get_keys_that_survive_a_reimport(db: Sessions) -> None:
    acme = await tenant(db)
    document = sample_document()
    document["modules"][0].pop("key")
    document["modules"][0]["title"] = "Пароли и двухфакторная аутентификация"
    first = await run_import(db, acme.id, document)

    again = await run_import(db, acme.id, document)

    assert (again.course_id, again.changed) == (first.course_id, False)
    async with db() as session:
        course = await session.get_one(Course, first.course_id)
    assert course.meta is not None
    assert "пароли-и-двухфакторная-аутентификация" in course.meta["module_keys"]
