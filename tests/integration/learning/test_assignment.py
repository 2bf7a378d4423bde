"""Assigning a course to a person or a whole department: who may, how many, and in how many statements."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.learning import AssignCourse, DropCourse, Enroll
from domain.models import AuditLog, Enrollment
from tests.integration.learning.world import (
    Sessions,
    StatementCounter,
    World,
    add,
    audit_actions,
    count,
    enrollment_of,
    owner_sql,
    world,
)
from tests.support import factories

NEXT_WEEK = datetime.now(UTC).date() + timedelta(days=7)


async def members(w: World, how_many: int) -> None:
    """`how_many` more active trainees in the world's department, written in one statement."""
    await owner_sql(
        w.db,
        """INSERT INTO users (organization_id, department_id, employee_id, username, email, password_hash,
                              first_name, last_name, role)
           SELECT :org, :department, e, e, e || '@example.com', '!', 'Member', n::text, 'trainee'
           FROM (SELECT n, 'm-' || gen_random_uuid() AS e FROM generate_series(1, :how_many) n) AS made""",
        org=w.org.id,
        department=w.department.id,
        how_many=how_many,
    )


async def test_an_instructor_assigns_their_course_to_a_person_with_a_due_date(db: Sessions) -> None:
    w = await world(db)
    command = AssignCourse(course_code=w.course.course_code, email=w.trainee.email.upper(), due_date=NEXT_WEEK)
    [reply] = await w.run(w.instructor, command)
    due = f"{NEXT_WEEK.day} {NEXT_WEEK:%b %Y}"
    assert reply.text == f"Test Trainee is now enrolled in *Security Basics*, due {due}."
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    assert (enrollment.enrollment_type, enrollment.enrolled_by, enrollment.status) == (
        "assigned",
        w.instructor.id,
        "enrolled",
    )
    assert enrollment.due_date == datetime.combine(NEXT_WEEK, datetime.max.time().replace(microsecond=0), UTC)
    async with db() as session:
        audit = await session.scalar(select(AuditLog).where(AuditLog.entity_id == enrollment.id))
    assert audit is not None
    assert (audit.action, audit.user_id) == ("enrollment.created", w.instructor.id)
    assert audit.changes is not None
    assert audit.changes["after"]["enrollment_type"] == "assigned"
    [again] = await w.run(w.instructor, command)
    assert again.text == "Test Trainee was already enrolled in *Security Basics*; nothing changed."


async def test_assigning_a_department_enrolls_everyone_once_and_counts_who_already_was(db: Sessions) -> None:
    w = await world(db)
    await members(w, 3)
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    assign = AssignCourse(course_code=w.course.course_code, department_code=w.department.code.lower())
    with StatementCounter(db) as small:
        [reply] = await w.run(w.admin, assign)
    assert reply.text == "Assigned *Security Basics* to Engineering: 3 newly enrolled, 1 already enrolled."
    assert await count(db, Enrollment, Enrollment.enrollment_type == "bulk") == 3
    assert await count(db, AuditLog, AuditLog.action == "enrollment.created", AuditLog.user_id == w.admin.id) == 3
    kept = await enrollment_of(db, w.trainee, w.course)
    assert kept is not None
    assert (kept.enrollment_type, kept.enrolled_by) == ("self", w.trainee.id)
    await members(w, 40)
    with StatementCounter(db) as large:
        [bigger] = await w.run(w.admin, assign)
    assert bigger.text.endswith("40 newly enrolled, 4 already enrolled.")
    assert len(large.statements) == len(small.statements)
    assert sum("INSERT INTO enrollments" in s for s in large.statements) == 1


async def test_a_department_of_five_thousand_people_is_assigned_in_seconds(db: Sessions) -> None:
    w = await world(db)
    await members(w, 4999)
    started = time.perf_counter()
    [reply] = await w.run(w.admin, AssignCourse(course_code=w.course.course_code, department_code=w.department.code))
    took = time.perf_counter() - started
    assert reply.text.endswith("5000 newly enrolled, 0 already enrolled.")
    assert await count(db, Enrollment) == 5000
    assert await count(db, AuditLog, AuditLog.action == "enrollment.created") == 5000
    assert took < 10, f"assigning 5,000 people took {took:.1f} s"


async def test_a_trainee_may_not_assign_and_nothing_changes(db: Sessions) -> None:
    w = await world(db)
    with pytest.raises(PermissionDenied, match="Only instructors and admins can assign courses"):
        await w.run(w.trainee, AssignCourse(course_code=w.course.course_code, department_code=w.department.code))
    assert await count(db, Enrollment) == 0
    assert await count(db, AuditLog) == 0


async def test_an_instructor_may_assign_only_their_own_courses_and_an_admin_any(db: Sessions) -> None:
    w = await world(db)
    colleague = await add(db, lambda s: factories.user(s, w.org, role="instructor"))
    command = AssignCourse(course_code=w.course.course_code, email=w.trainee.email)
    with pytest.raises(PermissionDenied, match="only assign your own courses"):
        await w.run(colleague, command)
    assert await count(db, Enrollment) == 0
    await w.run(w.admin, command)
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    assert enrollment.enrolled_by == w.admin.id


async def test_bad_assignments_are_refused_with_a_reason(db: Sessions) -> None:
    w = await world(db)
    code = w.course.course_code
    with pytest.raises(InvalidInput, match="has already passed"):
        await w.run(w.admin, AssignCourse(course_code=code, email=w.trainee.email, due_date=date(2020, 1, 1)))
    with pytest.raises(NotFound, match="active person with the email"):
        await w.run(w.admin, AssignCourse(course_code=code, email="nobody@example.com"))
    with pytest.raises(NotFound, match="department with the code"):
        await w.run(w.admin, AssignCourse(course_code=code, department_code="NOPE"))
    with pytest.raises(NotFound, match="can't find a course"):
        await w.run(w.admin, AssignCourse(course_code="NOPE-1", email=w.trainee.email))
    draft = await add(db, lambda s: factories.course(s, w.org, w.instructor))
    with pytest.raises(Conflict, match="not open for enrollment"):
        await w.run(w.admin, AssignCourse(course_code=draft.course_code, email=w.trainee.email))
    other = await world(db)
    with pytest.raises(NotFound, match="active person with the email"):
        await w.run(w.admin, AssignCourse(course_code=code, email=other.trainee.email))
    assert await count(db, Enrollment) == 0
    with pytest.raises(ValueError, match="either to one person"):
        AssignCourse(course_code=code, email=w.trainee.email, department_code="X")


async def test_an_assignment_that_does_not_fit_in_the_free_places_enrolls_nobody(db: Sessions) -> None:
    w = await world(db, course_fields={"max_enrollments": 3})
    await members(w, 3)
    with pytest.raises(Conflict, match="has 3 free places left, but 4 people would need one"):
        await w.run(w.admin, AssignCourse(course_code=w.course.course_code, department_code=w.department.code))
    assert await count(db, Enrollment) == 0


async def test_assigning_someone_who_left_brings_them_back_with_their_progress(db: Sessions) -> None:
    w = await world(db)
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    await w.run(w.trainee, DropCourse(course_code=w.course.course_code))
    [reply] = await w.run(w.instructor, AssignCourse(course_code=w.course.course_code, email=w.trainee.email))
    assert reply.text == "Test Trainee is now enrolled in *Security Basics*."
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    assert (enrollment.status, enrollment.enrollment_type) == ("enrolled", "assigned")
    assert await audit_actions(db, enrollment.id) == ["enrollment.created", "enrollment.dropped", "enrollment.resumed"]
