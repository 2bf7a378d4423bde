"""Enrolling myself: published courses, prerequisites, places, the last-place race, leaving and coming back."""

import asyncio
from functools import partial

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.actor import load_actor
from domain.errors import Conflict, DomainError, NotFound, NotRegistered
from domain.learning import CompleteItem, ContinueCourse, DropCourse, Enroll
from domain.learning.enrollment import enroll
from domain.messagebus import Context
from domain.models import AuditLog, Course, CoursePrerequisite, Enrollment, User
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.integration.learning.world import Sessions, add, audit_actions, count, enrollment_of, world
from tests.support import factories
from tests.support.buttons import action_line


async def test_enrolling_creates_a_self_enrollment_and_its_audit_row(db: Sessions) -> None:
    w = await world(db)
    [reply] = await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    code = w.course.course_code
    assert reply.text == f"You are enrolled in *Security Basics*. Say *continue {code}* whenever you are ready."
    assert action_line(reply.buttons[0]) == f"continue {w.course.course_code}"
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    assert (enrollment.status, enrollment.enrollment_type, enrollment.enrolled_by) == ("enrolled", "self", w.trainee.id)
    assert await audit_actions(db, enrollment.id) == ["enrollment.created"]


async def test_enrolling_twice_says_you_are_already_enrolled(db: Sessions) -> None:
    w = await world(db)
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    [again] = await w.run(w.trainee, Enroll(course_code=w.course.course_code.lower()))
    assert again.text == "You are already enrolled in *Security Basics*."
    assert await count(db, Enrollment) == 1
    assert await count(db, AuditLog) == 1


async def test_only_published_courses_open_to_me_can_be_enrolled_in(db: Sessions) -> None:
    w = await world(db)
    draft = await add(db, lambda s: factories.course(s, w.org, w.instructor, is_public=True, title="Draft"))
    with pytest.raises(Conflict, match=r"\*Draft\* is not open for enrollment right now"):
        await w.run(w.trainee, Enroll(course_code=draft.course_code))
    hidden = await add(db, lambda s: factories.course(s, w.org, w.instructor, status="published", title="Hidden"))
    with pytest.raises(NotFound, match="can't find a course with the code"):
        await w.run(w.trainee, Enroll(course_code=hidden.course_code))
    with pytest.raises(NotFound, match=r"can't find a course with the code \*NOPE-1\*"):
        await w.run(w.trainee, Enroll(course_code="NOPE-1"))
    targeted = await add(
        db,
        lambda s: factories.course(s, w.org, w.instructor, status="published", department_id=w.department.id),
    )
    await w.run(w.trainee, Enroll(course_code=targeted.course_code))
    assert await count(db, Enrollment) == 1


async def test_a_missing_mandatory_prerequisite_refuses_and_an_optional_one_only_warns(db: Sessions) -> None:
    w = await world(db)
    basics = await add(db, lambda s: factories.course(s, w.org, w.instructor, status="published", title="Basics"))
    extra = await add(db, lambda s: factories.course(s, w.org, w.instructor, status="published", title="Extra"))
    for prerequisite, mandatory in ((basics, True), (extra, False)):
        await add(
            db,
            partial(prerequisite_row, course=w.course, before=prerequisite, mandatory=mandatory),
        )
    with pytest.raises(Conflict, match=rf"please complete: \*Basics\* \(`{basics.course_code}`\)"):
        await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    assert await count(db, Enrollment) == 0
    assert await count(db, AuditLog) == 0
    await add(db, lambda s: factories.enrollment(s, w.trainee, basics, status="completed"))
    [reply] = await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    assert reply.text.splitlines()[1] == f"Tip: it helps to take *Extra* (`{extra.course_code}`) first."
    assert await enrollment_of(db, w.trainee, w.course) is not None


async def test_a_full_course_refuses_and_dropped_enrollments_free_their_place(db: Sessions) -> None:
    w = await world(db, course_fields={"max_enrollments": 1})
    first = await add(db, lambda s: factories.user(s, w.org))
    await w.run(first, Enroll(course_code=w.course.course_code))
    with pytest.raises(Conflict, match=r"\*Security Basics\* is full: all 1 places are taken"):
        await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    await w.run(first, DropCourse(course_code=w.course.course_code))
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    with pytest.raises(Conflict, match="is full"):
        await w.run(first, Enroll(course_code=w.course.course_code))
    assert await count(db, Enrollment, Enrollment.status != "dropped") == 1


async def test_exactly_one_of_twenty_people_racing_for_the_last_place_gets_it(db: Sessions) -> None:
    w = await world(db, course_fields={"max_enrollments": 3})
    holders = [await add(db, lambda s: factories.user(s, w.org)) for _ in range(2)]
    for holder in holders:
        await add(db, partial(factories.enrollment, trainee=holder, course_row=w.course))
    racers = [await add(db, lambda s: factories.user(s, w.org)) for _ in range(20)]

    async def race(person: User) -> list[Reply] | DomainError:
        try:
            return await w.bus().handle(person.id, w.org.id, Enroll(course_code=w.course.course_code))
        except DomainError as refused:
            return refused

    results = await asyncio.gather(*(race(person) for person in racers))
    winners = [r for r in results if isinstance(r, list)]
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(winners) == 1
    assert {type(r) for r in refusals} == {Conflict}
    assert {r.message for r in refusals} == {"Sorry, *Security Basics* is full: all 3 places are taken."}
    assert await count(db, Enrollment, Enrollment.course_id == w.course.id) == 3
    assert await count(db, AuditLog, AuditLog.action == "enrollment.created") == 1


async def test_people_enrolling_in_a_course_without_a_limit_do_not_wait_for_each_other(db: Sessions) -> None:
    w = await world(db)
    other = await add(db, lambda s: factories.user(s, w.org))
    code = w.course.course_code
    async with PostgresUnitOfWork(db, organization_id=w.org.id, actor_id=w.trainee.id) as first:
        actor = await load_actor(first.session, w.trainee.id)
        await enroll(Context(first, actor), Enroll(course_code=code))  # enrolled, not yet committed
        # With the course row locked by the first enrollment, this would wait until it commits.
        [reply] = await asyncio.wait_for(w.run(other, Enroll(course_code=code)), timeout=5)
        assert reply.text.startswith("You are enrolled")
        await first.commit()
    assert await count(db, Enrollment, Enrollment.course_id == w.course.id) == 2


async def test_leaving_keeps_progress_and_enrolling_again_resumes_it(db: Sessions) -> None:
    w = await world(db)
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    await w.run(w.trainee, ContinueCourse())
    await w.run(w.trainee, CompleteItem())
    [left] = await w.run(w.trainee, DropCourse(course_code=w.course.course_code))
    assert left.text.startswith("You left *Security Basics*. Your progress is kept")
    dropped = await enrollment_of(db, w.trainee, w.course)
    assert dropped is not None
    assert (dropped.status, float(dropped.progress_percentage or 0)) == ("dropped", 25)
    [again] = await w.run(w.trainee, DropCourse(course_code=w.course.course_code))
    assert again.text == "You already left *Security Basics*."
    [back] = await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    assert back.text == "Welcome back to *Security Basics*: your progress (25%) is kept."
    resumed = await enrollment_of(db, w.trainee, w.course)
    assert resumed is not None
    assert (resumed.id, resumed.status) == (dropped.id, "in_progress")
    assert sorted(await audit_actions(db, dropped.id)) == [
        "enrollment.created",
        "enrollment.dropped",
        "enrollment.progress_updated",
        "enrollment.resumed",
        "enrollment.started",
    ]
    [next_item] = await w.run(w.trainee, ContinueCourse())
    assert next_item.text.startswith("*Item 2*")


async def test_an_assigned_or_completed_course_cannot_be_dropped(db: Sessions) -> None:
    w = await world(db)
    done = await add(db, lambda s: factories.course(s, w.org, w.instructor, status="published", title="Done"))
    await add(db, lambda s: factories.enrollment(s, w.trainee, w.course, enrollment_type="assigned"))
    await add(db, lambda s: factories.enrollment(s, w.trainee, done, status="completed"))
    with pytest.raises(Conflict, match="was assigned to you"):
        await w.run(w.trainee, DropCourse(course_code=w.course.course_code))
    with pytest.raises(Conflict, match="You have completed"):
        await w.run(w.trainee, DropCourse(course_code=done.course_code))
    assert await count(db, Enrollment, Enrollment.status == "dropped") == 0
    assert await count(db, AuditLog) == 0


async def test_a_trainee_of_another_organization_can_neither_see_nor_enroll(db: Sessions) -> None:
    w = await world(db)
    other = await world(db)
    with pytest.raises(NotFound):
        await other.run(other.trainee, Enroll(course_code=w.course.course_code))
    with pytest.raises(NotFound):
        await other.run(other.trainee, DropCourse(course_code=w.course.course_code))
    assert await count(db, Enrollment) == 0


async def test_a_deactivated_person_cannot_enroll(db: Sessions) -> None:
    w = await world(db)
    await add(db, lambda s: s.execute(update(User).where(User.id == w.trainee.id).values(is_active=False)))
    with pytest.raises(NotRegistered):
        await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    assert await count(db, Enrollment) == 0


async def prerequisite_row(session: AsyncSession, course: Course, before: Course, mandatory: bool) -> None:
    session.add(CoursePrerequisite(course_id=course.id, prerequisite_course_id=before.id, is_mandatory=mandatory))
    await session.flush()
