"""An invalid file is refused with every problem by path, names checked in the organization; nothing is written."""

import pytest
from sqlalchemy import select

from domain.authoring.validation import InvalidCourseFile
from domain.models import AuditLog, Course, CoursePrerequisite, Module
from tests.integration.authoring.support import Sessions, count, run_import, sample_document, tenant
from tests.support import factories


async def problems_of(db: Sessions, organization_id: object, document: object) -> list[str]:
    with pytest.raises(InvalidCourseFile) as refused:
        await run_import(db, organization_id, document)  # type: ignore[arg-type]
    return [str(problem) for problem in refused.value.problems]


async def test_an_invalid_file_lists_every_problem_and_writes_nothing(db: Sessions) -> None:
    acme = await tenant(db)
    document = sample_document()
    document["instructor"] = "nobody@acme.example"
    document["department"] = "XX"
    document["prerequisites"] = ["SEC-000"]
    document["modules"][2]["content"][0]["type"] = "vid"
    document["modules"][1]["content"][3]["assessment"] = "missing-quiz"
    document["modules"][2]["unlock_condition"] = {"module_completed": "Nine"}

    problems = await problems_of(db, acme.id, document)

    assert problems == [
        "modules[2].content[0].type: unknown 'vid' (expected one of: text, link, video, document, quiz)",
        "modules[1].content[3].assessment: no assessment has the key 'missing-quiz'",
        "modules[2].unlock_condition.module_completed: no module is 'Nine' (use a module's number, key or title)",
        "instructor: no one in this organization has the email 'nobody@acme.example'",
        "department: this organization has no department with the code 'XX'",
        "prerequisites[0]: this organization has no course with the code 'SEC-000'",
    ]
    assert (await count(db, Course), await count(db, Module), await count(db, AuditLog)) == (0, 0, 0)


async def test_an_invalid_reimport_leaves_the_course_as_it_was(db: Sessions) -> None:
    acme = await tenant(db)
    await run_import(db, acme.id, sample_document())
    audit_rows = await count(db, AuditLog)
    document = sample_document()
    document["title"] = "Renamed"
    document["modules"][0]["content"][0]["body"] = ""

    problems = await problems_of(db, acme.id, document)

    assert problems == ["modules[0].content[0].body: string should have at least 1 character"]
    async with db() as session:
        assert await session.scalar(select(Course.title)) == "Information Security Basics"
    assert await count(db, AuditLog) == audit_rows


async def test_a_trainee_or_deactivated_instructor_cannot_be_the_courses_instructor(db: Sessions) -> None:
    acme = await tenant(db)
    async with db() as session:
        gone = await factories.user(session, acme.organization, "instructor", is_active=False)
        await session.commit()
    document = sample_document()

    document["instructor"] = acme.trainee.email.upper()
    assert await problems_of(db, acme.id, document) == [
        f"instructor: '{acme.trainee.email.upper()}' is a trainee; only instructors and admins can teach a course"
    ]
    document["instructor"] = gone.email
    assert await problems_of(db, acme.id, document) == [
        f"instructor: '{gone.email}' is deactivated and cannot teach a course"
    ]


async def test_prerequisites_are_linked_by_code_with_mandatory_or_optional(db: Sessions) -> None:
    acme = await tenant(db)
    async with db() as session:
        basics = await factories.course(session, acme.organization, acme.instructor, course_code="IT-100")
        extra = await factories.course(session, acme.organization, acme.instructor, course_code="IT-200")
        await session.commit()
    document = sample_document()
    document["prerequisites"] = ["IT-100", {"code": "IT-200", "mandatory": False}]
    result = await run_import(db, acme.id, document)

    async with db() as session:
        query = select(CoursePrerequisite.prerequisite_course_id, CoursePrerequisite.is_mandatory)
        linked = set(await session.execute(query.where(CoursePrerequisite.course_id == result.course_id)))
    assert linked == {(basics.id, True), (extra.id, False)}

    document["prerequisites"] = [{"code": "IT-200", "mandatory": True}]
    changed = await run_import(db, acme.id, document)

    async with db() as session:
        linked = set(await session.execute(query.where(CoursePrerequisite.course_id == result.course_id)))
    assert linked == {(extra.id, True)}
    assert (changed.changes["course_prerequisite.deleted"], changed.changes["course_prerequisite.updated"]) == (1, 1)


async def test_a_prerequisite_that_already_requires_the_course_is_refused(db: Sessions) -> None:
    acme = await tenant(db)
    await run_import(db, acme.id, sample_document())
    follow_up = sample_document() | {"code": "SEC-201", "title": "Security, next steps", "prerequisites": ["SEC-101"]}
    await run_import(db, acme.id, follow_up)
    document = sample_document() | {"prerequisites": ["SEC-201"]}

    assert await problems_of(db, acme.id, document) == [
        "prerequisites[0]: 'SEC-201' already requires this course (directly or through other courses)"
    ]


async def test_a_document_that_is_not_a_course_is_one_problem(db: Sessions) -> None:
    acme = await tenant(db)

    assert await problems_of(db, acme.id, ["not", "a", "course"]) == [
        "the file must hold a course: fields such as code, title, instructor and modules"
    ]
