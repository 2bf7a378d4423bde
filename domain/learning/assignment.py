"""Assigning a course to a person or a whole department, with an optional due date.

A department is enrolled by one INSERT ... SELECT ... ON CONFLICT statement that also writes one audit
row per enrollment, so thousands of people take one round trip. People already enrolled are left as
they are and counted; a dropped enrollment comes back (progress kept) as assigned. Assignments respect
max_enrollments: all the people needing a place must fit, or nobody is enrolled.
"""

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select, text

from domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.learning import seats, texts
from domain.learning.commands import AssignCourse
from domain.learning.courses import find_course
from domain.messagebus import Context
from domain.models import Department, User
from domain.models.enums import CourseStatus, EnrollmentType
from domain.replies import Reply, literal, say
from domain.statement_parts import audit_rows, changes

# :member_filter selects the people (users `u`); the course's own instructor is never enrolled in it.
MEMBERS = """
SELECT u.id FROM users u
WHERE u.is_active IS NOT FALSE AND u.id <> CAST(:instructor_id AS uuid)
  AND (u.department_id = CAST(:department_id AS uuid) OR u.id = CAST(:user_id AS uuid))"""

NEEDING_PLACES = text(f"""
SELECT count(*) FROM ({MEMBERS}) m
WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.trainee_id = m.id AND e.course_id = CAST(:course_id AS uuid)
                  AND e.status <> 'dropped')
""")

ASSIGN = text(f"""
WITH members AS ({MEMBERS}
), assigned AS (
    INSERT INTO enrollments AS e (trainee_id, course_id, enrolled_by, enrollment_type, status, due_date)
    SELECT m.id, CAST(:course_id AS uuid), CAST(:actor_id AS uuid), :enrollment_type, 'enrolled',
           CAST(:due_date AS timestamptz)
    FROM members m
    ON CONFLICT (trainee_id, course_id) DO UPDATE
    SET status = CASE WHEN e.started_at IS NULL THEN 'enrolled' ELSE 'in_progress' END,
        enrollment_type = EXCLUDED.enrollment_type, enrolled_by = EXCLUDED.enrolled_by, due_date = EXCLUDED.due_date
    WHERE e.status = 'dropped'
    RETURNING e.id, e.trainee_id, e.status, e.xmax = 0 AS created
), {
    audit_rows(
        "audit",
        f'''
    SELECT CASE WHEN a.created THEN 'enrollment.created' ELSE 'enrollment.resumed' END, 'enrollment', a.id,
           {
            changes(
                "CASE WHEN a.created THEN NULL ELSE jsonb_build_object('status', 'dropped') END",
                "jsonb_build_object('trainee_id', a.trainee_id, 'course_id', CAST(:course_id AS uuid), "
                "'status', a.status, 'enrollment_type', CAST(:enrollment_type AS text), "
                "'due_date', CAST(:due_date AS timestamptz))",
            )
        }
    FROM assigned a
''',
    )
}
SELECT (SELECT count(*) FROM members) AS members, (SELECT count(*) FROM assigned) AS assigned
""")


async def assign_course(ctx: Context, command: AssignCourse) -> list[Reply]:
    """Enroll a person or a department in a course I teach (or any course, as an admin)."""
    actor = ctx.actor
    actor.require_staff(texts.ASSIGN_COURSES)
    found = await find_course(ctx.session, command.course_code, actor.user_id, lock=True)
    if found is None:
        raise NotFound(texts.NO_SUCH_COURSE.format(code=command.course_code))
    course = found[0]
    if not actor.may_manage_course(course.instructor_id):
        raise PermissionDenied(texts.NOT_YOUR_COURSE.format(title=literal(course.title)))
    if course.status != CourseStatus.PUBLISHED:
        raise Conflict(texts.NOT_PUBLISHED.format(title=literal(course.title)))
    due = due_at(command.due_date)
    audience = await find_person(ctx, command.email) if command.email else None
    department = await find_department(ctx, command.department_code) if command.department_code else None
    parameters = {
        "course_id": course.id,
        "instructor_id": course.instructor_id,
        "actor_id": actor.user_id,
        "user_id": audience.id if audience else None,
        "department_id": department.id if department else None,
        "enrollment_type": EnrollmentType.BULK if department else EnrollmentType.ASSIGNED,
        "due_date": due,
    }
    if course.max_enrollments is not None:
        await seats.require_free(ctx.session, course, int(await ctx.session.scalar(NEEDING_PLACES, parameters) or 0))
    result = (await ctx.session.execute(ASSIGN, parameters)).one()
    due_text = texts.DUE_SUFFIX.format(due=texts.format_day(due)) if due else ""
    if department is not None:
        return say(
            texts.ASSIGNED_DEPARTMENT.format(
                title=literal(course.title),
                department=literal(department.name),
                due=due_text,
                added=result.assigned,
                already=result.members - result.assigned,
            )
        )
    assert audience is not None
    template = texts.ASSIGNED_PERSON if result.assigned else texts.ASSIGNED_PERSON_ALREADY
    return say(template.format(name=literal(audience.full_name), title=literal(course.title), due=due_text))


def due_at(day: date | None) -> datetime | None:
    """A due day means the end of that day (UTC); it may not lie in the past."""
    if day is None:
        return None
    if day < datetime.now(UTC).date():
        raise InvalidInput(texts.DUE_DATE_PASSED.format(due=day.isoformat()))
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


async def find_person(ctx: Context, email: str) -> User:
    person = await ctx.session.scalar(
        select(User).where(func.lower(User.email) == email.strip().lower(), User.is_active.is_not(False))
    )
    if person is None:
        raise NotFound(texts.NO_SUCH_PERSON.format(email=email))
    return person


async def find_department(ctx: Context, code: str) -> Department:
    department = await ctx.session.scalar(select(Department).where(func.upper(Department.code) == code.upper()))
    if department is None:
        raise NotFound(texts.NO_SUCH_DEPARTMENT.format(code=code))
    return department
