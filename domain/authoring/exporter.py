"""Exporting a course as the file format importer.py reads: importing the export changes nothing."""

import uuid
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from domain.assessments.questions import QuestionSet
from domain.authoring.lifecycle import find_course
from domain.authoring.schema import slug
from domain.models import Assessment, Assignment, Content, Course, CoursePrerequisite, Department, Module, User
from domain.unit_of_work import UnitOfWork

QUESTION_FIELDS = ("id", "type", "question", "options", "correct_answer", "points", "explanation")


def present(**fields: Any) -> dict[str, Any]:
    """The fields that carry something; absent ones take their defaults on import."""
    return {name: value for name, value in fields.items() if value is not None and value != [] and value != {}}


def unique_keys(rows: Iterable[tuple[uuid.UUID, str | None, str]]) -> dict[uuid.UUID, str]:
    """id -> key: the stored key, else one made from the title, never the same twice."""
    keys: dict[uuid.UUID, str] = {}
    for row_id, key, title in rows:
        candidate = key or slug(title)
        base, n = candidate, 1
        while candidate in keys.values():
            n += 1
            candidate = f"{base}-{n}"
        keys[row_id] = candidate
    return keys


async def export_course(uow: UnitOfWork, course_code: str) -> dict[str, Any]:
    """The course as a course-file document (plain dicts and lists, ready for YAML or JSON)."""
    session = uow.session
    course = await find_course(session, course_code)
    instructor = await session.scalar(select(User.email).where(User.id == course.instructor_id))
    department = None
    if course.department_id is not None:
        department = await session.scalar(select(Department.code).where(Department.id == course.department_id))
    required = await session.execute(
        select(Course.course_code, CoursePrerequisite.is_mandatory)
        .join(CoursePrerequisite, CoursePrerequisite.prerequisite_course_id == Course.id)
        .where(CoursePrerequisite.course_id == course.id)
        .order_by(Course.course_code)
    )
    modules = list(await session.scalars(select(Module).where(Module.course_id == course.id).order_by(Module.order)))
    items = await session.scalars(
        select(Content).where(Content.module_id.in_([m.id for m in modules])).order_by(Content.order, Content.title)
    )
    assessments = list(
        await session.scalars(select(Assessment).where(Assessment.course_id == course.id).order_by(Assessment.title))
    )
    assignments = await session.scalars(
        select(Assignment).where(Assignment.course_id == course.id).order_by(Assignment.title)
    )
    stored_keys = {module_id: key for key, module_id in (course.meta or {}).get("module_keys", {}).items()}
    module_keys = unique_keys((m.id, stored_keys.get(str(m.id)), m.title) for m in modules)
    assessment_keys = unique_keys((a.id, (a.settings or {}).get("key"), a.title) for a in assessments)
    names = {str(row_id): key for row_id, key in (module_keys | assessment_keys).items()}
    content_by_module: dict[uuid.UUID, list[Content]] = {}
    for item in items:
        content_by_module.setdefault(item.module_id, []).append(item)
    return present(
        code=course.course_code,
        title=course.title,
        description=course.description,
        difficulty=course.difficulty_level,
        estimated_duration_hours=course.estimated_duration,
        tags=list(course.tags or []),
        department=department,
        instructor=instructor,
        certified=bool(course.is_certified),
        max_enrollments=course.max_enrollments,
        is_public=bool(course.is_public),
        thumbnail_url=course.thumbnail_url,
        prerequisites=[{"code": code, "mandatory": mandatory is not False} for code, mandatory in required],
        modules=[module_document(m, module_keys[m.id], content_by_module.get(m.id, []), names) for m in modules],
        assessments=[assessment_document(a, assessment_keys[a.id], names) for a in assessments],
        assignments=[assignment_document(a, names) for a in assignments],
    )


def module_document(module: Module, key: str, items: list[Content], names: dict[str, str]) -> dict[str, Any]:
    item_keys = unique_keys((c.id, (c.content_data or {}).get("key"), c.title) for c in items)
    return present(
        key=key,
        title=module.title,
        description=module.description,
        estimated_duration_minutes=module.estimated_duration,
        required=False if module.is_required is False else None,
        unlock_condition=unlock_document(module.unlock_condition or {}, names),
        content=[item_document(c, item_keys[c.id], names) for c in items],
    )


def unlock_document(stored: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """contracts.md's stored condition with uuids turned back into keys (an unknown uuid stays as it is)."""
    return present(
        previous_module_completed=True if stored.get("previous_module_completed") is True else None,
        module_completed=names.get(stored.get("module_completed") or "", stored.get("module_completed")),
        assessment_passed=names.get(stored.get("assessment_passed") or "", stored.get("assessment_passed")),
        available_from=stored.get("available_from"),
    )


def item_document(item: Content, key: str, names: dict[str, str]) -> dict[str, Any]:
    data = item.content_data or {}
    by_type: dict[str, dict[str, Any]] = {
        "text": {"body": data.get("body")},
        "link": {"url": item.file_url, "label": data.get("label")},
        "video": {"url": item.file_url, "duration_seconds": item.duration},
        "document": {"url": item.file_url, "file_size_bytes": item.file_size, "file_name": data.get("file_name")},
        "quiz": {"assessment": names.get(data.get("assessment_id") or "", data.get("assessment_id"))},
    }
    return present(
        key=key,
        type=item.content_type,
        title=item.title,
        description=item.description,
        required=False if item.is_required is False else None,
        **by_type.get(item.content_type, {}),
    )


def assessment_document(assessment: Assessment, key: str, names: dict[str, str]) -> dict[str, Any]:
    settings = {name: value for name, value in (assessment.settings or {}).items() if name != "key"}
    questions = [
        {field: q[field] for field in QUESTION_FIELDS if q.get(field) is not None}
        for q in stored_questions(assessment.questions)
    ]
    return present(
        key=key,
        title=assessment.title,
        description=assessment.description,
        type=assessment.type,
        passing_score=assessment.passing_score,
        max_attempts=assessment.max_attempts,
        time_limit_minutes=assessment.time_limit,
        required=False if assessment.is_required is False else None,
        settings=settings,
        module=names.get(str(assessment.module_id)),
        questions=questions,
    )


def stored_questions(stored: Any) -> list[Any]:
    """The questions as the importer would store them (defaults filled in, e.g. points), so a course written
    straight into the seed tables exports what importing it writes; questions the model refuses, as stored."""
    try:
        return list(QuestionSet.model_validate(stored).as_json()["questions"])
    except ValidationError:
        return list((stored or {}).get("questions", []))


def assignment_document(assignment: Assignment, names: dict[str, str]) -> dict[str, Any]:
    return present(
        title=assignment.title,
        description=assignment.description,
        instructions=assignment.instructions,
        due_date=assignment.due_date.isoformat() if assignment.due_date else None,
        max_score=assignment.max_score,
        required=False if assignment.is_required is False else None,
        module=names.get(str(assignment.module_id)),
    )
