"""Importing what hangs off a course besides its modules: assessments, assignments and prerequisites."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.authoring.changes import Changes, remove_unmatched
from domain.authoring.matching import pair
from domain.authoring.references import Named, find_modules
from domain.authoring.schema import AssessmentFile, AssignmentFile, PrerequisiteFile
from domain.models import Assessment, Assignment, Course, CoursePrerequisite, Module


def module_id(reference: int | str | None, names: list[Named], rows: list[Module]) -> uuid.UUID | None:
    return None if reference is None else rows[find_modules(reference, names)[0]].id


async def sync_assessments(
    session: AsyncSession,
    changes: Changes,
    course: Course,
    files: list[AssessmentFile],
    names: list[Named],
    rows: list[Module],
) -> dict[str, uuid.UUID]:
    """assessment key -> id. Matched by key (settings.key), else by title; rows not in the file are deleted."""
    existing = list(await session.scalars(select(Assessment).where(Assessment.course_id == course.id)))
    wanted = [(a.identity, a.title) for a in files]
    matched = pair(wanted, existing, lambda row: (row.settings or {}).get("key"), lambda row: row.title)
    ids = {}
    for assessment, row in zip(files, matched, strict=True):
        values = {
            "title": assessment.title,
            "description": assessment.description,
            "type": assessment.type.value,
            "passing_score": assessment.passing_score,
            "max_attempts": assessment.max_attempts,
            "time_limit": assessment.time_limit_minutes,
            "is_required": assessment.required,
            "settings": {**assessment.settings, "key": assessment.identity},
            "module_id": module_id(assessment.module, names, rows),
            "questions": {"questions": [q.model_dump(mode="json", exclude_none=True) for q in assessment.questions]},
        }
        if row is None:
            row = Assessment(id=uuid.uuid4(), course_id=course.id, **values)
            session.add(row)
            changes.create("assessment", row.id, values)
        else:
            changes.update("assessment", row, values)
        ids[assessment.identity] = row.id
    await remove_unmatched(session, changes, "assessment", existing, matched)
    return ids


async def sync_assignments(
    session: AsyncSession,
    changes: Changes,
    course: Course,
    files: list[AssignmentFile],
    names: list[Named],
    rows: list[Module],
) -> None:
    """Assignments are matched by title within the course; rows not in the file are deleted."""
    existing = list(await session.scalars(select(Assignment).where(Assignment.course_id == course.id)))
    matched = pair([(a.title, a.title) for a in files], existing, lambda row: row.title, lambda row: row.title)
    for assignment, row in zip(files, matched, strict=True):
        values = {
            "title": assignment.title,
            "description": assignment.description,
            "instructions": assignment.instructions,
            "due_date": assignment.due_date,
            "max_score": assignment.max_score,
            "is_required": assignment.required,
            "module_id": module_id(assignment.module, names, rows),
        }
        if row is None:
            row = Assignment(id=uuid.uuid4(), course_id=course.id, created_by=course.instructor_id, **values)
            session.add(row)
            changes.create("assignment", row.id, values)
        else:
            changes.update("assignment", row, values)
    await remove_unmatched(session, changes, "assignment", existing, matched)


async def sync_prerequisites(
    session: AsyncSession,
    changes: Changes,
    course: Course,
    files: list[PrerequisiteFile],
    course_ids: dict[str, uuid.UUID],
) -> None:
    query = select(CoursePrerequisite).where(CoursePrerequisite.course_id == course.id)
    existing = {row.prerequisite_course_id: row for row in await session.scalars(query)}
    for prerequisite in files:
        required_id = course_ids[prerequisite.code]
        row = existing.pop(required_id, None)
        if row is None:
            row = CoursePrerequisite(
                id=uuid.uuid4(),
                course_id=course.id,
                prerequisite_course_id=required_id,
                is_mandatory=prerequisite.mandatory,
            )
            session.add(row)
            changes.create(
                "course_prerequisite", row.id, {"code": prerequisite.code, "mandatory": prerequisite.mandatory}
            )
        else:
            changes.update("course_prerequisite", row, {"is_mandatory": prerequisite.mandatory})
    await remove_unmatched(session, changes, "course_prerequisite", list(existing.values()), [])
