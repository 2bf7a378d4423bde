"""Continue: the next item, opened and shown by its kind; optional items skipped once passed over."""

from functools import partial
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import NotRegistered
from domain.learning import CompleteItem, ContinueCourse, DropCourse, Enroll
from domain.models import AuditLog, Content, Progress, User
from tests.integration.learning.world import (
    Sessions,
    add,
    audit_actions,
    count,
    enrollment_of,
    progress_rows,
    quiz,
    world,
)
from tests.support import factories
from tests.support.buttons import action_line


async def test_continue_opens_the_first_item_and_records_that_it_started(db: Sessions) -> None:
    w = await world(db)
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    [reply] = await w.run(w.trainee, ContinueCourse(course_code=w.course.course_code))
    first = w.item(1, 1)
    assert reply.text == "*Item 1*\n\nBody 1.1"
    assert [action_line(b) for b in reply.buttons] == [f"done {first.id}"]
    assert reply.context == f"{w.course.course_code} · Module 1/2 · Item 1/2 · 0% done"
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    assert enrollment.status == "in_progress"
    assert enrollment.started_at is not None
    rows = {(row.module_id, row.content_id): row for row in await progress_rows(db, enrollment.id)}
    assert set(rows) == {(w.modules[0].id, first.id), (w.modules[0].id, None)}
    for row in rows.values():
        assert row.status == "in_progress"
        assert row.started_at is not None
        assert row.last_accessed_at is not None
        assert row.completed_at is None
    assert await audit_actions(db) == [
        "enrollment.created",
        "enrollment.started",
        "progress.started",
        "progress.started",
    ]


async def test_continuing_again_shows_the_same_required_item_and_only_touches_it(db: Sessions) -> None:
    w = await world(db)
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    await w.run(w.trainee, ContinueCourse())
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    [before] = [row for row in await progress_rows(db, enrollment.id) if row.content_id == w.item(1, 1).id]
    [again] = await w.run(w.trainee, ContinueCourse())
    [after] = [row for row in await progress_rows(db, enrollment.id) if row.content_id == w.item(1, 1).id]
    assert again.text.startswith("*Item 1*")
    assert after.started_at == before.started_at
    assert after.last_accessed_at is not None
    assert before.last_accessed_at is not None
    assert after.last_accessed_at > before.last_accessed_at
    assert await count(db, AuditLog, AuditLog.action == "progress.started") == 2


async def test_an_optional_item_that_was_opened_is_skipped_on_continue(db: Sessions) -> None:
    w = await world(db, layout=(3,))

    async def make_optional(session: AsyncSession) -> None:
        await session.execute(update(Content).where(Content.id == w.item(1, 2).id).values(is_required=False))

    await add(db, make_optional)
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    await w.run(w.trainee, ContinueCourse())
    await w.run(w.trainee, CompleteItem())
    [optional] = await w.run(w.trainee, ContinueCourse())
    assert optional.text.startswith("*Item 2* _optional_")
    assert [b.label for b in optional.buttons] == ["Done ✓", "Skip"]
    assert action_line(optional.buttons[1]) == f"continue {w.course.course_code}"
    [third] = await w.run(w.trainee, ContinueCourse())
    assert third.text.startswith("*Item 3*")
    [still_third] = await w.run(w.trainee, ContinueCourse())
    assert still_third.text.startswith("*Item 3*")


async def test_continue_without_a_code_picks_the_course_worked_on_most_recently(db: Sessions) -> None:
    w = await world(db)
    other = await add(
        db,
        lambda s: factories.course(s, w.org, w.instructor, status="published", is_public=True, title="Other course"),
    )
    other_module = await add(db, lambda s: factories.module(s, other, 1))
    await add(db, lambda s: factories.content(s, other_module, 1, title="Other item", content_data={"body": "x"}))
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    await w.run(w.trainee, Enroll(course_code=other.course_code))
    await w.run(w.trainee, ContinueCourse(course_code=other.course_code))
    await w.run(w.trainee, ContinueCourse(course_code=w.course.course_code.lower()))
    [reply] = await w.run(w.trainee, ContinueCourse())
    assert reply.context is not None
    assert reply.context.startswith(w.course.course_code)
    await w.run(w.trainee, ContinueCourse(course_code=other.course_code))
    [reply] = await w.run(w.trainee, ContinueCourse())
    assert reply.text.startswith("*Other item*")


async def test_each_kind_of_item_is_shown_as_what_it_is(db: Sessions) -> None:
    w = await world(db, layout=())
    module = await add(db, lambda s: factories.module(s, w.course, 1))
    assessment = await add(db, lambda s: quiz(s, w.course))
    kinds: list[dict[str, Any]] = [
        {"content_type": "link", "file_url": "https://example.com/policy", "content_data": {"label": "Policy"}},
        {"content_type": "video", "file_url": "https://example.com/v.mp4", "duration": 300},
        {
            "content_type": "document",
            "file_url": "https://example.com/d.pdf",
            "file_size": 2048,
            "content_data": {"file_name": "rules.pdf"},
        },
        {"content_type": "quiz", "content_data": {"assessment_id": str(assessment.id)}},
    ]
    for order, fields in enumerate(kinds, start=1):
        await add(db, partial(factories.content, module_row=module, order=order, **fields))
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    [link] = await w.run(w.trainee, ContinueCourse())
    assert link.link is not None
    assert (link.link.label, link.link.url) == ("Policy", "https://example.com/policy")
    await w.run(w.trainee, CompleteItem())
    [video] = await w.run(w.trainee, ContinueCourse())
    assert video.link is not None
    assert (video.link.label, video.link.url) == ("Watch the video (5 min)", "https://example.com/v.mp4")
    await w.run(w.trainee, CompleteItem())
    [document] = await w.run(w.trainee, ContinueCourse())
    assert document.document is not None
    assert (document.document.title, document.document.size_bytes) == ("rules.pdf", 2048)
    await w.run(w.trainee, CompleteItem())
    [intro] = await w.run(w.trainee, ContinueCourse())
    assert "This is the quiz *Phishing quiz*." in intro.text
    assert "2 questions · pass with 80% · 3 attempts · 10 minutes" in intro.text
    assert [(b.label, action_line(b)) for b in intro.buttons] == [("Start the quiz", f"quiz {assessment.id}")]


async def test_continue_in_a_course_i_am_not_enrolled_in_offers_to_enroll(db: Sessions) -> None:
    w = await world(db)
    [reply] = await w.run(w.trainee, ContinueCourse(course_code=w.course.course_code))
    assert reply.text == f"You are not enrolled in *{w.course.course_code}*."
    assert action_line(reply.buttons[0]) == f"enroll {w.course.course_code}"
    [nothing] = await w.run(w.trainee, ContinueCourse())
    assert action_line(nothing.buttons[0]) == "courses"
    assert await count(db, Progress) == 0


async def test_continue_in_a_dropped_course_changes_nothing(db: Sessions) -> None:
    w = await world(db)
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    await w.run(w.trainee, DropCourse(course_code=w.course.course_code))
    [reply] = await w.run(w.trainee, ContinueCourse(course_code=w.course.course_code))
    assert reply.text.startswith("You left *Security Basics*.")
    assert await count(db, Progress) == 0


async def test_a_trainee_of_another_organization_cannot_continue_in_this_ones_course(db: Sessions) -> None:
    w = await world(db)
    other = await world(db)
    # Not even the owner can write the enrollment that would let them (the tenant keys of migration 0010).
    with pytest.raises(IntegrityError, match="tenant_fk_enrollments_trainee_id"):
        await add(db, lambda s: factories.enrollment(s, other.trainee, w.course))
    [reply] = await other.run(other.trainee, ContinueCourse(course_code=w.course.course_code))
    assert reply.text == f"You are not enrolled in *{w.course.course_code}*."
    assert await count(db, Progress) == 0


async def test_a_deactivated_person_cannot_continue(db: Sessions) -> None:
    w = await world(db)
    await w.run(w.trainee, Enroll(course_code=w.course.course_code))
    await add(db, lambda s: s.execute(update(User).where(User.id == w.trainee.id).values(is_active=False)))
    with pytest.raises(NotRegistered, match="deactivated"):
        await w.run(w.trainee, ContinueCourse())
    with pytest.raises(NotRegistered, match="deactivated"):
        await w.run(w.trainee, CompleteItem(content_id=w.item(1, 1).id))
    assert await count(db, Progress) == 0
