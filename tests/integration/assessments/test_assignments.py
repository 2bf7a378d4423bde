"""Assignments: trainees see and hand in work (late is flagged), instructors grade it or return it for rework."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from domain.assessments.assignments import is_late
from domain.assessments.commands import (
    GradeAssignment,
    ListAssignments,
    ReturnAssignment,
    ShowAssignment,
    ShowSubmissionQueue,
    SubmitAssignment,
)
from domain.errors import Conflict, InvalidInput, PermissionDenied
from domain.models import Assignment, AssignmentSubmission
from domain.replies import Prompt
from tests.integration.assessments.support import Db, audit_actions, build_world, submissions

NOW = datetime.now(UTC)


async def test_trainees_see_their_assignments_with_due_dates_and_where_each_stands(db: Db) -> None:
    world = await build_world(db)
    soon = await world.assignment(title="Soon", due_date=NOW + timedelta(days=2))
    await world.assignment(title="Past", due_date=NOW - timedelta(days=1))
    await world.assignment(title="Whenever")
    await world.run(world.trainee, SubmitAssignment(assignment_id=soon.id, text="Done"))

    [reply] = await world.run(world.trainee, ListAssignments())

    lines = reply.text.splitlines()
    assert lines[1].startswith("- *Past*")
    assert "overdue" in lines[1]
    assert "Not submitted." in lines[1]
    assert lines[2].startswith("- *Soon*")
    assert "waiting for grading" in lines[2]
    assert "overdue" not in lines[2]
    assert lines[3].startswith("- *Whenever*")
    assert "no due date" in lines[3]
    assert ShowAssignment(assignment_id=soon.id) in [b.command for b in reply.buttons]


async def test_someone_not_enrolled_sees_no_assignments_and_cannot_submit(db: Db) -> None:
    world = await build_world(db)
    task = await world.assignment()
    assert "no assignments" in (await world.run(world.instructor, ListAssignments()))[0].text
    with pytest.raises(Conflict, match="not enrolled"):
        await world.run(world.instructor, SubmitAssignment(assignment_id=task.id, text="mine"))
    assert await submissions(db, task.id) == []


async def test_showing_an_assignment_asks_for_the_work_as_the_next_message(db: Db) -> None:
    world = await build_world(db)
    task = await world.assignment(instructions="Two pages, please.")
    [reply] = await world.run(world.trainee, ShowAssignment(assignment_id=task.id))
    assert "Two pages, please." in reply.text
    assert reply.prompt == Prompt.of(SubmitAssignment, assignment_id=task.id, ask_if_accidental=True)


async def test_submitting_stores_text_and_files_and_replacing_keeps_one_submission(db: Db) -> None:
    world = await build_world(db)
    task = await world.assignment(due_date=NOW + timedelta(days=1))

    first = await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Draft", files=["f1.pdf"]))
    second = await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Final", files=["f2.pdf"]))

    [row] = await submissions(db, task.id)
    assert (row.submission_text, row.submission_files, row.status) == ("Final", ["f2.pdf"], "submitted")
    assert first[0].text.startswith("Submitted *Write a policy*. You can replace it until it is graded")
    assert second[0].text.startswith("Replaced")
    assert "late" not in second[0].text
    assert await audit_actions(db, row.id) == ["submission.created", "submission.replaced"]


async def test_a_submission_after_the_due_date_is_flagged_late_in_the_reply_and_in_queries(db: Db) -> None:
    world = await build_world(db)
    task = await world.assignment(due_date=NOW - timedelta(hours=1))

    [reply] = await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, files=["https://x/y.pdf"]))

    assert "It is late" in reply.text
    async with db() as session:
        late = await session.scalar(
            select(is_late()).select_from(AssignmentSubmission).join(Assignment).where(Assignment.id == task.id)
        )
    assert late is True
    queue = await world.run(world.instructor, ShowSubmissionQueue())
    assert "(late)" in queue[1].text
    assert "https://x/y.pdf" in queue[1].text


@pytest.mark.parametrize(
    ("text", "files", "message"),
    [(None, [], "some text or at least one file"), ("  ", [], "some text"), ("x", ["f"] * 11, "At most 10 files")],
)
async def test_an_empty_or_oversized_submission_is_refused(
    db: Db, text: str | None, files: list[str], message: str
) -> None:
    world = await build_world(db)
    task = await world.assignment()
    with pytest.raises(InvalidInput, match=message):
        await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text=text, files=files))
    assert await submissions(db, task.id) == []


async def test_grading_records_score_feedback_and_grader_and_ends_replacing(db: Db) -> None:
    world = await build_world(db)
    task = await world.assignment(max_score=20)
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work"))
    [row] = await submissions(db, task.id)

    [reply] = await world.run(
        world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(15), feedback="Good")
    )

    [graded] = await submissions(db, task.id)
    assert (graded.status, graded.score, graded.feedback) == ("graded", Decimal(15), "Good")
    assert graded.graded_by == world.instructor.id
    assert graded.graded_at is not None
    assert "15 of 20" in reply.text
    with pytest.raises(Conflict, match="already graded"):
        await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Better"))
    with pytest.raises(Conflict, match="is graded, not waiting"):
        await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(20)))
    [reply] = await world.run(world.trainee, ListAssignments())
    assert "Graded: 15 of 20." in reply.text
    assert await audit_actions(db, row.id) == ["submission.created", "submission.graded"]


async def test_returning_for_rework_lets_the_trainee_submit_again(db: Db) -> None:
    world = await build_world(db)
    task = await world.assignment()
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work"))
    [row] = await submissions(db, task.id)

    await world.run(world.instructor, ReturnAssignment(submission_id=row.id, feedback="Add sources"))

    [returned] = await submissions(db, task.id)
    assert (returned.status, returned.feedback) == ("returned", "Add sources")
    assert "Returned for rework: Add sources" in (await world.run(world.trainee, ListAssignments()))[0].text
    with pytest.raises(Conflict, match="returned, not waiting"):
        await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(50)))
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work with sources"))
    [again] = await submissions(db, task.id)
    assert (again.status, again.submission_text) == ("submitted", "Work with sources")
    await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(80)))
    assert (await submissions(db, task.id))[0].status == "graded"


async def test_scores_outside_zero_to_max_score_are_refused(db: Db) -> None:
    world = await build_world(db)
    task = await world.assignment(max_score=10)
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work"))
    [row] = await submissions(db, task.id)
    for score in ("10.5", "-1", "1000"):
        with pytest.raises(InvalidInput, match="between 0 and 10"):
            await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(score)))
    [asked] = await world.run(world.instructor, ReturnAssignment(submission_id=row.id, feedback="  "))
    assert asked.text.startswith("What needs rework?")
    assert asked.prompt == Prompt.of(ReturnAssignment, submission_id=row.id)
    assert (await submissions(db, task.id))[0].status == "submitted"


async def test_only_the_courses_instructor_or_an_admin_grades_or_returns(db: Db) -> None:
    world = await build_world(db)
    task = await world.assignment()
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work"))
    [row] = await submissions(db, task.id)

    for person in (world.other_instructor, world.trainee, world.other_trainee):
        with pytest.raises(PermissionDenied):
            await world.run(person, GradeAssignment(submission_id=row.id, score=Decimal(90)))
        with pytest.raises(PermissionDenied):
            await world.run(person, ReturnAssignment(submission_id=row.id, feedback="no"))
    assert "No submissions" in (await world.run(world.other_instructor, ShowSubmissionQueue()))[0].text
    assert (await submissions(db, task.id))[0].status == "submitted"
    assert await audit_actions(db, row.id) == ["submission.created"]
    await world.run(world.admin, GradeAssignment(submission_id=row.id, score=Decimal(90)))


async def test_the_submission_queue_lists_oldest_first(db: Db) -> None:
    world = await build_world(db)
    task = await world.assignment()
    await world.run(world.other_trainee, SubmitAssignment(assignment_id=task.id, text="Earlier"))
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Later"))

    replies = await world.run(world.instructor, ShowSubmissionQueue())

    assert "2 submissions waiting" in replies[0].text
    assert "Earlier" in replies[1].text
    assert "Later" in replies[2].text
    earlier = next(row for row in await submissions(db, task.id) if row.submission_text == "Earlier")
    assert replies[1].buttons[0].command == ReturnAssignment(submission_id=earlier.id, feedback="")
