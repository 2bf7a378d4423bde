"""Races on one enrollment: a statement that waited for another's lock still settles on what that one wrote.

Each test holds a first "done" inside its transaction (after it wrote its rows, before it commits), starts a
second statement on the same enrollment, waits until PostgreSQL shows it waiting for the lock, and only then
lets the first commit. The second statement's snapshot is older than the first's rows.
"""

import asyncio
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.assessments.events import SubmissionGraded
from domain.events import CourseCompleted, Event
from domain.learning import EVENT_HANDLERS, HANDLERS, CompleteItem, Enroll
from domain.messagebus import Context, EventHandler, MessageBus
from domain.models import Assignment, AssignmentSubmission
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.learning.world import (
    Sessions,
    World,
    add,
    audit_actions,
    enrollment_of,
    owner_sql,
    progress_rows,
    world,
)
from tests.support.locks import someone_waits_for_a_lock


class Held:
    """An `after` hook that keeps the command's transaction open (its locks held) until released."""

    def __init__(self) -> None:
        self.holding = asyncio.Event()
        self.released = asyncio.Event()

    async def __call__(self, ctx: Context, replies: list[Reply]) -> None:
        self.holding.set()
        await self.released.wait()


def recording_bus(w: World) -> MessageBus:
    async def record(ctx: Context, completed: CourseCompleted) -> None:
        w.completed.append(completed)

    events: dict[type[Event], list[EventHandler]] = {**EVENT_HANDLERS, CourseCompleted: [record]}
    return MessageBus(PostgresUnitsOfWork(w.db), HANDLERS, events)


async def test_a_done_that_waited_for_another_counts_its_item_and_completes_module_and_course(db: Sessions) -> None:
    w = await world(db, layout=(2,))
    bus = recording_bus(w)
    await bus.handle(w.trainee.id, w.org.id, Enroll(course_code=w.course.course_code))
    held = Held()
    first = asyncio.create_task(
        bus.handle(w.trainee.id, w.org.id, CompleteItem(content_id=w.item(1, 1).id), after=held)
    )
    await asyncio.wait_for(held.holding.wait(), 10)
    second = asyncio.create_task(bus.handle(w.trainee.id, w.org.id, CompleteItem(content_id=w.item(1, 2).id)))
    await someone_waits_for_a_lock(db)
    held.released.set()
    [first_reply], [second_reply] = await asyncio.gather(first, second)

    assert first_reply.text == "Done: *Item 1*.\nProgress in *Security Basics*: 50%."
    assert second_reply.text == (
        "Done: *Item 2*.\nModule complete: *Module 1*.\nYou have completed *Security Basics*. Congratulations!"
    )
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    assert (enrollment.status, float(enrollment.progress_percentage or 0)) == ("completed", 100)
    rows = await progress_rows(db, enrollment.id)
    assert sorted((r.content_id is None, r.status) for r in rows) == [
        (False, "completed"),
        (False, "completed"),
        (True, "completed"),
    ]
    assert [c.enrollment_id for c in w.completed] == [enrollment.id]


async def test_a_grade_settled_while_a_done_held_the_enrollment_completes_the_course(db: Sessions) -> None:
    w = await world(db, layout=(1,))
    bus = recording_bus(w)
    await bus.handle(w.trainee.id, w.org.id, Enroll(course_code=w.course.course_code))
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    task = await add(
        db, lambda s: added(s, Assignment(course_id=w.course.id, title="Essay", created_by=w.instructor.id))
    )
    work = await add(db, lambda s: added(s, AssignmentSubmission(assignment_id=task.id, enrollment_id=enrollment.id)))
    held = Held()
    done = asyncio.create_task(bus.handle(w.trainee.id, w.org.id, CompleteItem(content_id=w.item(1, 1).id), after=held))
    await asyncio.wait_for(held.holding.wait(), 10)
    # Graded while the done is not committed yet (grading does not wait for the enrollment's lock).
    await owner_sql(db, "UPDATE assignment_submissions SET status = 'graded', score = 80 WHERE id = :id", id=work.id)
    graded = SubmissionGraded(
        submission_id=work.id,
        assignment_id=task.id,
        enrollment_id=enrollment.id,
        trainee_id=w.trainee.id,
        course_id=w.course.id,
        organization_id=w.org.id,
        score=Decimal(80),
        max_score=100,
        graded_by=w.instructor.id,
    )
    settling = asyncio.create_task(bus.publish(graded, w.org.id))  # as a job would: no acting user
    await someone_waits_for_a_lock(db)
    held.released.set()
    [done_reply], _ = await asyncio.gather(done, settling)

    assert "Still to do to complete *Security Basics*:\n- *Essay*" in done_reply.text
    finished = await enrollment_of(db, w.trainee, w.course)
    assert finished is not None
    assert (finished.status, float(finished.progress_percentage or 0)) == ("completed", 100)
    assert [(c.enrollment_id, c.organization_id) for c in w.completed] == [(enrollment.id, w.org.id)]
    assert (await audit_actions(db)).count("enrollment.completed") == 1


async def added(session: AsyncSession, row: Any) -> Any:
    session.add(row)
    await session.flush()
    return row
