"""Done: items and modules complete, progress is right after every step, the course completes once."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from domain.errors import NotFound
from domain.learning import CompleteItem, ContinueCourse, Enroll, ShowMyLearning
from domain.models import Content, Enrollment, Module, Progress
from tests.integration.learning.world import (
    Sessions,
    World,
    add,
    attempt,
    audit_actions,
    count,
    enrollment_of,
    percentage,
    progress_rows,
    quiz,
    world,
)
from tests.support import factories
from tests.support.buttons import action_line


async def enrolled(w: World) -> Enrollment:
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    found = await enrollment_of(w.db, w.trainee, w.course)
    assert found is not None
    return found


async def test_done_completes_the_item_with_its_time_spent(db: Sessions) -> None:
    w = await world(db)
    enrollment = await enrolled(w)
    await w.run(w.trainee, ContinueCourse())
    await add(
        db,
        lambda s: s.execute(
            update(Progress)
            .where(Progress.content_id == w.item(1, 1).id)
            .values(started_at=Progress.started_at - timedelta(seconds=90))
        ),
    )
    [reply] = await w.run(w.trainee, CompleteItem(content_id=w.item(1, 1).id))
    assert reply.text == "Done: *Item 1*.\nProgress in *Security Basics*: 25%."
    assert [(b.label, action_line(b)) for b in reply.buttons] == [("Continue", f"continue {w.course.course_code}")]
    [row] = [r for r in await progress_rows(db, enrollment.id) if r.content_id == w.item(1, 1).id]
    assert row.status == "completed"
    assert float(row.progress_percentage or 0) == 100
    assert row.completed_at is not None
    assert row.time_spent is not None
    assert 90 <= row.time_spent < 120


async def test_progress_is_right_after_every_step_and_the_course_completes_once(db: Sessions) -> None:
    w = await world(db, layout=(2, 3))
    enrollment = await enrolled(w)
    seen = []
    for _ in range(5):
        await w.run(w.trainee, ContinueCourse())
        seen.append(await percentage(db, w.trainee, w.course))
        await w.run(w.trainee, CompleteItem())
        seen.append(await percentage(db, w.trainee, w.course))
    # Each module counts half; within a module, each required item its share.
    assert seen == [0, 25, 25, 50, 50, 66.67, 66.67, 83.33, 83.33, 100]
    finished = await enrollment_of(db, w.trainee, w.course)
    assert finished is not None
    assert finished.status == "completed"
    assert finished.completed_at is not None
    assert [(e.enrollment_id, e.trainee_id, e.course_id) for e in w.completed] == [
        (enrollment.id, w.trainee.id, w.course.id)
    ]
    assert w.completed[0].organization_id == w.org.id
    module_rows = [r for r in await progress_rows(db, enrollment.id) if r.content_id is None]
    assert [r.status for r in module_rows] == ["completed", "completed"]
    [again] = await w.run(w.trainee, CompleteItem(content_id=w.item(2, 3).id))
    assert again.text == "*Item 3* is already done."
    assert len(w.completed) == 1
    assert (await audit_actions(db)).count("enrollment.completed") == 1


async def test_the_last_required_item_completes_its_module(db: Sessions) -> None:
    w = await world(db, layout=(2, 1))
    enrollment = await enrolled(w)
    await w.run(w.trainee, CompleteItem(content_id=w.item(1, 1).id))
    assert await count(db, Progress, Progress.enrollment_id == enrollment.id, Progress.content_id.is_(None)) == 0
    [reply] = await w.run(w.trainee, CompleteItem(content_id=w.item(1, 2).id))
    assert reply.text == "Done: *Item 2*.\nModule complete: *Module 1*.\nProgress in *Security Basics*: 50%."
    async with db() as session:
        module_row = await session.scalar(
            select(Progress).where(Progress.enrollment_id == enrollment.id, Progress.content_id.is_(None))
        )
    assert module_row is not None
    assert (module_row.module_id, module_row.status) == (w.modules[0].id, "completed")
    assert sorted(await audit_actions(db, module_row.id)) == ["progress.completed"]


async def test_optional_items_and_modules_do_not_hold_back_completion(db: Sessions) -> None:
    w = await world(db, layout=(2, 1, 1))
    await add(db, lambda s: s.execute(update(Content).where(Content.id == w.item(1, 2).id).values(is_required=False)))
    await add(db, lambda s: s.execute(update(Module).where(Module.id == w.modules[1].id).values(is_required=False)))
    await enrolled(w)
    await w.run(w.trainee, ContinueCourse())
    [reply] = await w.run(w.trainee, CompleteItem())
    assert "Module complete: *Module 1*." in reply.text
    await w.run(w.trainee, ContinueCourse())  # item 1.2, optional: opened
    [module_two] = await w.run(w.trainee, ContinueCourse())  # passed over; module 2 is optional
    assert module_two.text.startswith("*Item 1* _optional_")
    [module_three] = await w.run(w.trainee, ContinueCourse())
    assert module_three.text == "*Item 1*\n\nBody 3.1"
    [done] = await w.run(w.trainee, CompleteItem())
    assert done.text.endswith("You have completed *Security Basics*. Congratulations!")
    assert len(w.completed) == 1


async def test_a_module_without_required_content_completes_when_nothing_is_left(db: Sessions) -> None:
    w = await world(db, layout=(1, 1))
    await add(db, lambda s: s.execute(update(Content).where(Content.id == w.item(2, 1).id).values(is_required=False)))
    enrollment = await enrolled(w)
    await w.run(w.trainee, ContinueCourse())
    await w.run(w.trainee, CompleteItem())
    assert await percentage(db, w.trainee, w.course) == 50
    await w.run(w.trainee, ContinueCourse())  # the optional item of module 2
    [finished] = await w.run(w.trainee, ContinueCourse())  # passed over: nothing is left
    assert finished.text == "You have completed *Security Basics*. Congratulations!"
    assert await percentage(db, w.trainee, w.course) == 100
    assert [c.enrollment_id for c in w.completed] == [enrollment.id]
    [after] = await w.run(w.trainee, ContinueCourse(course_code=w.course.course_code))
    assert after.text == "You have completed *Security Basics*. Well done!"


async def test_done_without_an_id_completes_the_item_opened_last(db: Sessions) -> None:
    w = await world(db, layout=(3,))
    await enrolled(w)
    [nothing] = await w.run(w.trainee, CompleteItem())
    assert nothing.text == "You have no item open right now. Say *continue* to open the next one."
    await w.run(w.trainee, ContinueCourse())
    [reply] = await w.run(w.trainee, CompleteItem())
    assert reply.text.startswith("Done: *Item 1*.")
    assert await count(db, Progress, Progress.content_id == w.item(1, 1).id, Progress.status == "completed") == 1


async def test_a_quiz_item_is_done_only_after_a_passed_attempt(db: Sessions) -> None:
    w = await world(db, layout=(1,))
    assessment = await add(db, lambda s: quiz(s, w.course))
    item = await add(
        db,
        lambda s: factories.content(
            s, w.modules[0], 2, content_type="quiz", content_data={"assessment_id": str(assessment.id)}
        ),
    )
    enrollment = await enrolled(w)
    await w.run(w.trainee, CompleteItem(content_id=w.item(1, 1).id))
    [refused] = await w.run(w.trainee, CompleteItem(content_id=item.id))
    assert refused.text == "*Item 2* is done when you pass its quiz."
    await attempt(db, enrollment.id, assessment, passed=True)
    [intro] = await w.run(w.trainee, ContinueCourse())
    assert "You passed this quiz." in intro.text
    assert action_line(intro.buttons[0]) == f"done {item.id}"
    [done] = await w.run(w.trainee, CompleteItem(content_id=item.id))
    assert "You have completed *Security Basics*." in done.text


async def test_done_on_an_item_outside_my_courses_is_not_found_and_changes_nothing(db: Sessions) -> None:
    w = await world(db)
    with pytest.raises(NotFound, match="can't find that item"):
        await w.run(w.trainee, CompleteItem(content_id=w.item(1, 1).id))
    other = await world(db)
    await enrolled(other)
    with pytest.raises(NotFound):
        await other.run(other.trainee, CompleteItem(content_id=w.item(1, 1).id))
    assert await count(db, Progress) == 0


async def test_my_learning_shows_progress_due_dates_and_overdue_marks(db: Sessions) -> None:
    w = await world(db)
    [empty] = await w.run(w.trainee, ShowMyLearning())
    assert empty.text == "You are not enrolled in any course yet."
    late = await add(db, lambda s: factories.course(s, w.org, w.instructor, status="published", title="Late course"))
    await add(
        db,
        lambda s: factories.enrollment(
            s, w.trainee, late, due_date=datetime(2020, 1, 31, 12, tzinfo=UTC), enrollment_type="assigned"
        ),
    )
    await enrolled(w)
    await w.run(w.trainee, ContinueCourse(course_code=w.course.course_code))
    await w.run(w.trainee, CompleteItem())
    [mine] = await w.run(w.trainee, ShowMyLearning())
    assert mine.text.splitlines() == [
        "*My learning*",
        f"- *Security Basics* (`{w.course.course_code}`) · in progress · 25%",
        f"- *Late course* (`{late.course_code}`) · enrolled · 0% · *overdue* since 31 Jan 2020",
    ]
    assert [action_line(b) for b in mine.buttons] == [
        f"continue {w.course.course_code}",
        f"continue {late.course_code}",
        "courses",
    ]


async def test_two_dones_at_once_are_serialized_and_the_course_still_completes(db: Sessions) -> None:
    w = await world(db, layout=(2,))
    enrollment = await enrolled(w)
    await asyncio.gather(
        w.run(w.trainee, CompleteItem(content_id=w.item(1, 1).id)),
        w.run(w.trainee, CompleteItem(content_id=w.item(1, 2).id)),
    )
    assert await percentage(db, w.trainee, w.course) == 100
    assert await count(db, Progress, Progress.enrollment_id == enrollment.id, Progress.status == "completed") >= 2
    [last] = await w.run(w.trainee, ContinueCourse(course_code=w.course.course_code))
    assert last.text in (
        "You have completed *Security Basics*. Well done!",
        "You have completed *Security Basics*. Congratulations!",
    )
    finished = await enrollment_of(db, w.trainee, w.course)
    assert finished is not None
    assert finished.status == "completed"
    assert len(w.completed) == 1
