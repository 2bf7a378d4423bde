"""Exporting writes the file format back; importing the export changes nothing."""

import uuid
from typing import Any

import pytest

from domain.authoring.exporter import export_course
from domain.authoring.fileformat import parse_document, to_yaml
from domain.errors import NotFound
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.integration.authoring.support import Sessions, audit_actions, run_import, sample_document, tenant
from tests.support.seeded_course import CODE as SEEDED_CODE
from tests.support.seeded_course import seed_course


async def export(db: Sessions, organization_id: uuid.UUID, code: str) -> dict[str, Any]:
    async with PostgresUnitOfWork(db, organization_id=organization_id) as uow:
        return await export_course(uow, code)


async def test_the_export_names_modules_and_assessments_by_key_not_by_uuid(db: Sessions) -> None:
    acme = await tenant(db)
    await run_import(db, acme.id, sample_document())

    exported = await export(db, acme.id, "SEC-101")

    assert [m["key"] for m in exported["modules"]] == ["passwords", "phishing", "data-handling"]
    assert exported["modules"][1]["unlock_condition"] == {"previous_module_completed": True}
    assert exported["modules"][2]["unlock_condition"] == {"assessment_passed": "security-basics-quiz"}
    assert exported["modules"][1]["content"][3] == {
        "key": "phishing-quiz",
        "type": "quiz",
        "title": "Quiz: passwords, MFA and phishing",
        "assessment": "security-basics-quiz",
    }
    assert exported["assessments"][0]["module"] == "phishing"
    assert exported["assignments"][0]["module"] == "data-handling"
    assert (exported["instructor"], exported["department"]) == ("irene.instructor@acme.example", "IT")


async def test_export_then_import_changes_nothing(db: Sessions) -> None:
    acme = await tenant(db)
    document = sample_document()
    document["prerequisites"] = []
    document["modules"][2]["unlock_condition"]["available_from"] = "2025-03-01T09:00:00+01:00"
    document["assignments"][0]["due_date"] = "2030-06-30T17:00:00+02:00"
    await run_import(db, acme.id, document)
    exported = await export(db, acme.id, "SEC-101")
    audit_before = await audit_actions(db)

    as_text = to_yaml(exported)
    result = await run_import(db, acme.id, parse_document(as_text, "SEC-101.yaml"))

    assert not result.changed
    assert await audit_actions(db) == audit_before
    assert to_yaml(await export(db, acme.id, "SEC-101")) == as_text


async def test_an_exported_course_imports_into_another_organization_as_the_same_course(db: Sessions) -> None:
    acme = await tenant(db)
    other = await tenant(db, instructor_email="other.instructor@example.org")
    await run_import(db, acme.id, sample_document())
    exported = await export(db, acme.id, "SEC-101")

    copied = await run_import(db, other.id, exported | {"instructor": "other.instructor@example.org"})

    assert copied.created
    assert await export(db, other.id, "SEC-101") == exported | {"instructor": "other.instructor@example.org"}


async def test_exporting_an_unknown_code_says_so(db: Sessions) -> None:
    acme = await tenant(db)

    with pytest.raises(NotFound, match=r"No course has the code 'NOPE-1' in this organization\."):
        await export(db, acme.id, "NOPE-1")


async def test_a_course_seeded_by_sql_with_assessments_linked_by_module_and_course_round_trips(db: Sessions) -> None:
    acme = await tenant(db)
    async with db() as session, session.begin():
        await seed_course(session, acme.id, acme.instructor.id)
    exported = await export(db, acme.id, SEEDED_CODE)

    placed = {a["title"]: (a.get("module"), a.get("required", True)) for a in exported["assessments"]}
    assert placed == {
        "Basics check": ("basics", True),
        "Basics survey": ("basics", False),
        "Final exam": (None, True),
    }
    tasks = {a["title"]: (a.get("module"), a.get("required", True)) for a in exported["assignments"]}
    assert tasks == {"Practice report": ("practice", True), "Optional capstone": (None, False)}

    as_text = to_yaml(exported)
    adopted = await run_import(db, acme.id, parse_document(as_text, "SEED-201.yaml"))
    assert set(adopted.changes) <= {"assessment.updated", "content.updated"}  # the rows take the exported keys
    assert to_yaml(await export(db, acme.id, SEEDED_CODE)) == as_text
    assert not (await run_import(db, acme.id, parse_document(as_text, "SEED-201.yaml"))).changed
