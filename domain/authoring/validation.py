"""Checking a whole course file: its shape, its inner references and what it names in the organization."""

import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assessments.questions import QUESTION_TYPES
from domain.authoring import texts
from domain.authoring.circles import circle_problems
from domain.authoring.problems import Problem, format_path, problems_from
from domain.authoring.references import entries, reference_problems, text_of
from domain.authoring.schema import CONTENT_TYPES, CourseFile
from domain.errors import InvalidInput
from domain.models import Course, Department, User
from domain.models.enums import Role


class InvalidCourseFile(InvalidInput):
    """The file has problems; `problems` lists every one. Nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        lines = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(texts.INVALID_FILE.format(count=len(problems), s="" if len(problems) == 1 else "s") + lines)
        self.problems = problems


@dataclass(frozen=True)
class Names:
    """What the file names in the organization, as ids."""

    instructor_id: uuid.UUID
    department_id: uuid.UUID | None
    prerequisite_ids: dict[str, uuid.UUID]


def shape_problems(document: Any) -> tuple[CourseFile | None, list[Problem]]:
    """The parsed file, or None, and every problem found without the database."""
    if not isinstance(document, dict):
        return None, [Problem("", texts.NOT_A_MAPPING)]
    try:
        course_file: CourseFile | None = CourseFile.model_validate(document)
        problems = []
    except ValidationError as error:
        course_file, problems = None, problems_from(error, tags=(*CONTENT_TYPES, *QUESTION_TYPES))
    return course_file, problems + reference_problems(document) + circle_problems(document)


async def validate_course_file(session: AsyncSession, document: Any) -> tuple[CourseFile, Names]:
    """The file and its names resolved, or InvalidCourseFile with every problem (shape, references, names)."""
    course_file, problems = shape_problems(document)
    names, name_problems = await resolve_names(session, document)
    problems += name_problems
    if problems or course_file is None or names is None:
        raise InvalidCourseFile(problems)
    return course_file, names


async def resolve_names(session: AsyncSession, document: Any) -> tuple[Names | None, list[Problem]]:
    """The instructor, department and prerequisite courses the file names, looked up in the tenant."""
    problems = []
    instructor_id = department_id = None
    if email := text_of(document, "instructor"):
        instructor = await session.scalar(select(User).where(func.lower(User.email) == email.lower()))
        if instructor is None:
            problems.append(Problem("instructor", texts.UNKNOWN_INSTRUCTOR.format(email=email)))
        elif instructor.is_active is False:
            problems.append(Problem("instructor", texts.DEACTIVATED_INSTRUCTOR.format(email=email)))
        elif instructor.role not in (Role.INSTRUCTOR, Role.ADMIN):
            problems.append(Problem("instructor", texts.NOT_AN_INSTRUCTOR.format(email=email, role=instructor.role)))
        else:
            instructor_id = instructor.id
    if code := text_of(document, "department"):
        department_id = await session.scalar(select(Department.id).where(Department.code == code))
        if department_id is None:
            problems.append(Problem("department", texts.UNKNOWN_DEPARTMENT.format(code=code)))
    prerequisite_ids, prerequisite_problems = await resolve_prerequisites(session, document)
    problems += prerequisite_problems
    if problems or instructor_id is None:
        return None, problems
    return Names(instructor_id, department_id, prerequisite_ids), []


# Courses that already require this one, directly or through others: a prerequisite among them is a circle.
DEPENDENT_COURSES = text("""
    WITH RECURSIVE dependents(id) AS (
        SELECT cp.course_id FROM course_prerequisites cp JOIN courses c ON c.id = cp.prerequisite_course_id
        WHERE c.course_code = :code
        UNION
        SELECT cp.course_id FROM course_prerequisites cp JOIN dependents d ON cp.prerequisite_course_id = d.id
    )
    SELECT id FROM dependents
""")


async def resolve_prerequisites(session: AsyncSession, document: Any) -> tuple[dict[str, uuid.UUID], list[Problem]]:
    own_code = text_of(document, "code")
    wanted: dict[str, str] = {}
    for index, raw in enumerate(entries(document, "prerequisites")):
        code = raw.strip() if isinstance(raw, str) else text_of(raw, "code")
        if code and code != own_code:
            wanted.setdefault(
                code,
                format_path(("prerequisites", index, "code") if isinstance(raw, dict) else ("prerequisites", index)),
            )
    if not wanted:
        return {}, []
    rows = await session.execute(select(Course.course_code, Course.id).where(Course.course_code.in_(wanted)))
    found: dict[str, uuid.UUID] = {code: course_id for code, course_id in rows}
    dependents = set((await session.scalars(DEPENDENT_COURSES, {"code": own_code})).all())
    problems = []
    for code, path in wanted.items():
        if code not in found:
            problems.append(Problem(path, texts.UNKNOWN_COURSE.format(code=code)))
        elif found[code] in dependents:
            problems.append(Problem(path, texts.PREREQUISITE_CIRCLE.format(code=code)))
    return found, problems
