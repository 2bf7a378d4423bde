"""Recertify: the reminder's button starts the certified course again; the next completion issues a new one."""

from pathlib import Path

from domain.certificates import Recertify
from domain.models import Progress
from tests.integration.certificates.support import certificates, certified
from tests.integration.learning.world import Sessions, audit_actions, count, enrollment_of


async def test_recertifying_a_completed_course_starts_it_afresh_and_the_next_completion_issues_a_new_certificate(
    db: Sessions, tmp_path: Path
) -> None:
    c = await certified(db, tmp_path)
    await c.complete()
    [first] = await certificates(db)

    replies = await c.services.bus.handle(c.w.trainee.id, c.w.org.id, Recertify(course_code=c.w.course.course_code))

    assert replies[0].text.startswith("🔁 You are enrolled in *")
    enrollment = await enrollment_of(db, c.w.trainee, c.w.course)
    assert enrollment is not None
    assert (enrollment.status, enrollment.completed_at, enrollment.certificate_issued) == ("enrolled", None, False)
    assert float(enrollment.progress_percentage or 0) == 0
    assert await count(db, Progress, Progress.enrollment_id == enrollment.id) == 0
    assert "enrollment.recertifying" in await audit_actions(db, enrollment.id)
    [still] = await certificates(db)
    assert still.is_valid
    assert still.renewed_at is not None

    for module, items in enumerate(c.w.items, start=1):
        for order in range(1, len(items) + 1):
            replies = await c.done(module, order)

    old, new = await certificates(db)
    assert old.id == first.id
    assert new.certificate_number != first.certificate_number
    assert replies[-1].link is not None
    assert new.verification_token in replies[-1].link.url


async def test_a_trainee_already_on_their_way_is_told_so_and_nothing_changes(db: Sessions, tmp_path: Path) -> None:
    c = await certified(db, tmp_path)
    await c.complete()
    recertify = Recertify(course_code=c.w.course.course_code)
    await c.services.bus.handle(c.w.trainee.id, c.w.org.id, recertify)
    await c.done(1, 1)

    replies = await c.services.bus.handle(c.w.trainee.id, c.w.org.id, recertify)

    assert replies[0].text.startswith("You are already enrolled in *")
    assert [b.label for b in replies[0].buttons] == ["Continue"]
    enrollment = await enrollment_of(db, c.w.trainee, c.w.course)
    assert enrollment is not None
    assert enrollment.status == "in_progress"
    assert len(await certificates(db)) == 1
