"""Unlock conditions (contracts.md): each kind, combined, and what a locked module says."""

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from domain.learning import CompleteItem, ContinueCourse, Enroll
from domain.models import Module, Progress
from tests.integration.learning.world import Sessions, World, add, attempt, count, enrollment_of, quiz, world


async def lock(w: World, module: int, condition: dict[str, Any] | None, **fields: Any) -> None:
    await add(
        w.db,
        lambda s: s.execute(
            update(Module).where(Module.id == w.modules[module - 1].id).values(unlock_condition=condition, **fields)
        ),
    )


async def started(w: World) -> World:
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    return w


async def finish_module_one(w: World) -> None:
    await w.run(w.trainee, ContinueCourse())
    await w.run(w.trainee, CompleteItem())


async def test_previous_module_completed_keeps_the_module_closed_until_then(db: Sessions) -> None:
    w = await started(await world(db, layout=(1, 1)))
    await lock(w, 2, {"previous_module_completed": True})
    [first] = await w.run(w.trainee, ContinueCourse())
    assert first.text.startswith("*Item 1*\n\nBody 1.1")
    await w.run(w.trainee, CompleteItem())
    [second] = await w.run(w.trainee, ContinueCourse())
    assert second.text == "*Item 1*\n\nBody 2.1"


async def test_a_locked_module_says_why_and_opens_nothing(db: Sessions) -> None:
    w = await started(await world(db, layout=(2, 1)))
    await lock(w, 2, {"previous_module_completed": True})
    await w.run(w.trainee, ContinueCourse())
    await w.run(w.trainee, CompleteItem())
    # Item 1.2 is required and not done, but "done" on module 2's item is refused: its module is locked.
    [refused] = await w.run(w.trainee, CompleteItem(content_id=w.item(2, 1).id))
    assert refused.text == "*Item 1* is in a module that is still locked: it opens after you complete *Module 1*."
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    assert await count(db, Progress, Progress.content_id == w.item(2, 1).id) == 0


async def test_module_completed_waits_for_the_named_module(db: Sessions) -> None:
    w = await started(await world(db, layout=(1, 1, 1)))
    await lock(w, 1, None, is_required=False)
    await lock(w, 3, {"module_completed": str(w.modules[0].id)})
    [optional] = await w.run(w.trainee, ContinueCourse())
    assert optional.text.startswith("*Item 1* _optional_\n\nBody 1.1")
    [second] = await w.run(w.trainee, ContinueCourse())  # passes over the optional module
    assert second.text == "*Item 1*\n\nBody 2.1"
    await w.run(w.trainee, CompleteItem())
    [locked] = await w.run(w.trainee, ContinueCourse())
    assert locked.text == "The next module, *Module 3*, opens after you complete *Module 1*."
    await w.run(w.trainee, CompleteItem(content_id=w.item(1, 1).id))
    [third] = await w.run(w.trainee, ContinueCourse())
    assert third.text == "*Item 1*\n\nBody 3.1"


async def test_a_locked_optional_module_is_passed_over(db: Sessions) -> None:
    w = await started(await world(db, layout=(1, 1, 1)))
    await lock(w, 2, {"available_from": "2999-01-01T00:00:00+00:00"}, is_required=False)
    await finish_module_one(w)
    [reply] = await w.run(w.trainee, ContinueCourse())
    assert reply.text == "*Item 1*\n\nBody 3.1"


async def test_assessment_passed_waits_for_a_passed_attempt(db: Sessions) -> None:
    w = await started(await world(db, layout=(1, 1)))
    assessment = await add(db, lambda s: quiz(s, w.course))
    await lock(w, 2, {"assessment_passed": str(assessment.id)})
    await finish_module_one(w)
    [locked] = await w.run(w.trainee, ContinueCourse())
    assert locked.text == "The next module, *Module 2*, opens after you pass *Phishing quiz*."
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    await attempt(db, enrollment.id, assessment, passed=False)
    [still_locked] = await w.run(w.trainee, ContinueCourse())
    assert still_locked.text == locked.text
    await attempt(db, enrollment.id, assessment, passed=True)
    [opened] = await w.run(w.trainee, ContinueCourse())
    assert opened.text == "*Item 1*\n\nBody 2.1"


async def test_available_from_says_when_the_module_opens_and_opens_it_then(db: Sessions) -> None:
    w = await started(await world(db, layout=(1, 1)))
    await lock(w, 2, {"available_from": "2999-03-01T09:30:00+01:00"})
    await finish_module_one(w)
    [locked] = await w.run(w.trainee, ContinueCourse())
    assert locked.text == "The next module, *Module 2*, opens on 1 Mar 2999, 08:30 UTC."
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    await lock(w, 2, {"available_from": yesterday})
    [opened] = await w.run(w.trainee, ContinueCourse())
    assert opened.text == "*Item 1*\n\nBody 2.1"


async def test_every_condition_of_a_module_must_hold(db: Sessions) -> None:
    w = await started(await world(db, layout=(1, 1)))
    assessment = await add(db, lambda s: quiz(s, w.course))
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    condition = {
        "previous_module_completed": True,
        "assessment_passed": str(assessment.id),
        "available_from": tomorrow.isoformat(),
    }
    await lock(w, 2, condition)
    await finish_module_one(w)
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    await attempt(db, enrollment.id, assessment, passed=True)
    [locked] = await w.run(w.trainee, ContinueCourse())
    assert locked.text == f"The next module, *Module 2*, opens on {tomorrow.day} {tomorrow:%b %Y, %H:%M} UTC."
    await lock(w, 2, {**condition, "available_from": "2000-01-01T00:00:00Z"})
    [opened] = await w.run(w.trainee, ContinueCourse())
    assert opened.text == "*Item 1*\n\nBody 2.1"


async def test_an_empty_condition_or_an_unreadable_date_behave_safely(db: Sessions) -> None:
    w = await started(await world(db, layout=(1, 1)))
    await lock(w, 1, {})
    await lock(w, 2, {"available_from": "next tuesday"})
    await finish_module_one(w)
    [locked] = await w.run(w.trainee, ContinueCourse())
    assert locked.text == "The next module, *Module 2*, opens later."
