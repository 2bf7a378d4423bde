"""`mute CODE` / `unmute CODE`: a person stops and restarts a course's reminders; a friendly refusal for a course
that does not exist or that they are not enrolled in, with nothing changed."""

from datetime import UTC, datetime

import pytest

from domain.errors import Conflict, NotFound
from domain.reminders import MuteCourse, UnmuteCourse, is_muted, not_muted
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.reminders.support import Assigned, Db, assigned, owner
from tests.support import factories

DUE = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


async def mutes(db: Db) -> list[tuple[object, object]]:
    return [(row.user_id, row.course_id) for row in await owner(db, "SELECT user_id, course_id FROM reminder_mutes")]


async def audit(db: Db) -> list[str]:
    rows = await owner(db, "SELECT action FROM audit_logs WHERE action LIKE 'reminders.%' ORDER BY created_at")
    return [row.action for row in rows]


async def muted(a: Assigned) -> bool:
    async with PostgresUnitsOfWork(a.db).open(organization_id=a.org.id) as uow:
        return await is_muted(uow, a.trainee.id, a.course.id)


async def test_muting_and_unmuting_a_course(db: Db) -> None:
    a = await assigned(db, DUE)

    [said] = await a.run(MuteCourse(course_code="sec-101"))
    assert said.text.startswith("🔕 Reminders for *Security \\*basics\\** (SEC-101) are muted")
    assert [(b.label, b.command) for b in said.buttons] == [("Unmute", UnmuteCourse(course_code="SEC-101"))]
    assert await mutes(db) == [(a.trainee.id, a.course.id)]
    assert await muted(a)

    [again] = await a.run(MuteCourse(course_code="SEC-101"))
    assert again.text.startswith("Reminders for *Security \\*basics\\** (SEC-101) are already muted.")

    [unmuted] = await a.run(UnmuteCourse(course_code="SEC-101"))
    assert unmuted.text == "🔔 Reminders for *Security \\*basics\\** (SEC-101) are on again."
    assert [(b.label, b.command) for b in unmuted.buttons] == [("Mute reminders", MuteCourse(course_code="SEC-101"))]
    assert await mutes(db) == []
    assert not await muted(a)

    [nothing] = await a.run(UnmuteCourse(course_code="SEC-101"))
    assert "are not muted" in nothing.text
    assert await audit(db) == ["reminders.muted", "reminders.unmuted"]


async def test_an_unknown_course_is_a_friendly_error_and_changes_nothing(db: Db) -> None:
    a = await assigned(db, DUE)

    for command in (MuteCourse(course_code="NOPE-1"), UnmuteCourse(course_code="NOPE-1")):
        with pytest.raises(NotFound) as refused:
            await a.run(command)
        assert str(refused.value) == (
            "I can't find a course with the code *NOPE-1*. Type *courses* to see the courses open to you."
        )
    assert await mutes(db) == []


async def test_a_course_the_person_is_not_enrolled_in_cannot_be_muted(db: Db) -> None:
    a = await assigned(db, DUE)
    async with db() as session, session.begin():
        other = await factories.course(
            session, a.org, a.instructor, course_code="OPS-7", title="Operations", status="published", is_public=True
        )

    with pytest.raises(Conflict) as refused:
        await a.run(MuteCourse(course_code="OPS-7"))

    assert str(refused.value) == (
        "You are not enrolled in *Operations* (OPS-7), so it sends you no reminders to mute. Type *my* to see your "
        "courses."
    )
    assert await mutes(db) == []
    assert other.id is not None


async def test_a_dropped_course_cannot_be_muted(db: Db) -> None:
    a = await assigned(db, DUE, status="dropped")

    with pytest.raises(Conflict) as refused:
        await a.run(MuteCourse(course_code="SEC-101"))

    assert str(refused.value).startswith("You are not enrolled in *Security \\*basics\\** (SEC-101)")
    assert await mutes(db) == []


async def test_the_predicate_the_other_reminder_jobs_use_sees_only_that_person_and_course(db: Db) -> None:
    a = await assigned(db, DUE)
    b = await assigned(db, DUE)
    await a.run(MuteCourse(course_code="SEC-101"))
    predicate = not_muted("e.trainee_id", "e.course_id")

    rows = await owner(db, f"SELECT e.trainee_id FROM enrollments e WHERE {predicate}")

    assert [row.trainee_id for row in rows] == [b.trainee.id]
    [session_row] = await owner(db, f"SELECT {not_muted(':user', 'NULL')} AS open", user=a.trainee.id)
    assert session_row.open is True  # a session for a department (no course) is never muted
