"""Importing a course file: create the course, or update it in place by its code.

How a re-import finds the rows it updates (so trainees keep enrollments and progress on unchanged items):
- the course: by `code` within the organization;
- modules: by `key` (the file's `key`, or the title simplified, e.g. "Passwords & MFA" -> "passwords-mfa"),
  remembered in courses.metadata {"module_keys": {key: module uuid}}; a module without a remembered key
  is matched by exact title;
- content items: within their module, by content_data {"key": ...} (same default from the title), else
  by exact title; an item moved to another module is a new item there;
- assessments: by settings {"key": ...}, else by exact title; assignments: by exact title;
- prerequisites: by the required course.
Matched rows are updated in place; rows the file no longer lists are deleted together with what hangs
off them (progress, attempts, submissions). The exporter always writes keys, so an exported file can
rename titles freely. The file uses no database ids, so it moves between organizations and databases.

An import runs in one transaction: the whole file is checked first (every problem reported, nothing
written), then each created, updated or deleted row gets its audit row, plus one `course.imported`
summary. Re-importing an unchanged file changes nothing and writes no audit rows.
"""

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from domain.authoring import texts
from domain.authoring.changes import Changes
from domain.authoring.extras import sync_assessments, sync_assignments, sync_prerequisites
from domain.authoring.schema import CourseFile
from domain.authoring.structure import module_names, remove_modules, set_unlock_conditions, sync_content, sync_modules
from domain.authoring.validation import Names, validate_course_file
from domain.errors import Conflict
from domain.models import Course
from domain.models.enums import CourseStatus
from domain.unit_of_work import UnitOfWork

# The one place progress is computed (migration 0002); only enrollments whose value moved are written.
REFRESH_PROGRESS = text("""
    UPDATE enrollments SET progress_percentage = calculate_enrollment_progress(id)
    WHERE course_id = :course_id AND progress_percentage IS DISTINCT FROM calculate_enrollment_progress(id)
""")


@dataclass(frozen=True)
class ImportResult:
    course_id: uuid.UUID
    code: str
    created: bool
    changes: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def course_values(course_file: CourseFile, names: Names) -> dict[str, Any]:
    return {
        "title": course_file.title,
        "description": course_file.description,
        "difficulty_level": course_file.difficulty.value,
        "estimated_duration": course_file.estimated_duration_hours,
        "tags": list(course_file.tags),
        "department_id": names.department_id,
        "instructor_id": names.instructor_id,
        "is_certified": course_file.certified,
        "max_enrollments": course_file.max_enrollments,
        "is_public": course_file.is_public,
        "thumbnail_url": course_file.thumbnail_url,
    }


async def import_course(uow: UnitOfWork, organization_id: uuid.UUID, document: Any) -> ImportResult:
    """Create or update the course the document describes; InvalidCourseFile lists every problem."""
    if organization_id != uow.organization_id:
        raise ValueError("import_course must run in the organization's own tenant transaction")
    session = uow.session
    course_file, names = await validate_course_file(session, document)
    query = select(Course).where(Course.course_code == course_file.code).with_for_update()
    course = await session.scalar(query)
    created = course is None
    changes = Changes()
    try:
        if course is None:
            course = Course(
                id=uuid.uuid4(),
                organization_id=organization_id,
                course_code=course_file.code,
                status=CourseStatus.DRAFT.value,
                **course_values(course_file, names),
            )
            session.add(course)
            changes.create("course", course.id, {"course_code": course_file.code, **course_values(course_file, names)})
            await session.flush()
        else:
            changes.update("course", course, course_values(course_file, names))
        rows, removed = await sync_modules(session, changes, course, course_file.modules)
        module_list = module_names(course_file.modules)
        assessment_ids = await sync_assessments(session, changes, course, course_file.assessments, module_list, rows)
        await sync_content(session, changes, course_file.modules, rows, assessment_ids)
        await sync_assignments(session, changes, course, course_file.assignments, module_list, rows)
        await sync_prerequisites(session, changes, course, course_file.prerequisites, names.prerequisite_ids)
        set_unlock_conditions(changes, course_file.modules, rows, assessment_ids)
        await remove_modules(session, changes, removed)
        keys = {module.identity: str(row.id) for module, row in zip(course_file.modules, rows, strict=True)}
        if (course.meta or {}).get("module_keys") != keys:
            course.meta = {**(course.meta or {}), "module_keys": keys}
        await session.flush()
    except IntegrityError:
        raise Conflict(texts.CONCURRENT_IMPORT.format(code=course_file.code)) from None
    counts = dict(changes.counts())
    if counts:
        changes.record(uow)
        refreshed = (await session.execute(REFRESH_PROGRESS, {"course_id": course.id})).rowcount  # type: ignore[attr-defined]
        summary = {"course_code": course.course_code, "created": created, "changes": counts}
        uow.record("course.imported", "course", course.id, after=summary | {"enrollments_refreshed": refreshed})
    return ImportResult(course.id, course.course_code, created, counts)
