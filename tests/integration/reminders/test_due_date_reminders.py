"""Assigned courses with a due date are reminded 3 days and 1 day before it and then every 3 days once it has
passed, at most 4 times, each reminder once; never for what is finished, dropped, archived or muted."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import URL

from domain.models.enums import ChatPlatform
from domain.reminders import MuteCourse, UnmuteCourse
from tests.integration.delivery.conftest import link, run_workers
from tests.integration.reminders.support import Db, assigned, owner, remind, reminders, slots
from tests.support.fake_backend import RecordingBackend

DUE = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)


async def test_an_enrollment_written_by_sql_is_reminded_before_its_due_date_and_after_at_most_four_times(
    db: Db,
) -> None:
    a = await assigned(db, DUE)

    assert await remind(db, DUE - 3 * DAY - MINUTE) == 0
    assert await remind(db, DUE - 3 * DAY) == 1
    assert await remind(db, DUE - 2 * DAY) == 0
    assert await remind(db, DUE - DAY + MINUTE) == 1
    assert await remind(db, DUE - MINUTE) == 0
    assert await remind(db, DUE) == 1
    assert await remind(db, DUE + 2 * DAY) == 0
    assert await remind(db, DUE + 3 * DAY) == 1
    assert await remind(db, DUE + 6 * DAY) == 0  # the fifth would pass the maximum of 4
    assert await remind(db, DUE + 30 * DAY) == 0

    sent = await reminders(db)
    assert slots(sent) == ["before-3", "before-1", "overdue-0", "overdue-1"]
    assert {row.user_id for row in sent} == {a.trainee.id}
    assert sent[0].once_key == f"due-date:{a.enrollment_id}:{int(DUE.timestamp())}:before-3"
    [first] = sent[0].replies
    assert first["text"] == (
        "⏰ Reminder: *Security \\*basics\\** (SEC-101) is due on 10 Mar 2027, 12:00 UTC, in 3 days. "
        "Pick up where you left off:"
    )
    assert [(b["label"], b["command"]) for b in first["buttons"]] == [
        ("Continue", {"command": "ContinueCourse", "fields": {"course_code": "SEC-101", "after": None}}),
        ("Mute reminders", {"command": "MuteCourse", "fields": {"course_code": "SEC-101"}}),
    ]
    assert "in 1 day." in sent[1].replies[0]["text"]
    overdue = sent[2].replies[0]["text"]
    assert overdue.startswith("⚠️ *Security \\*basics\\** (SEC-101) was due on 10 Mar 2027, 12:00 UTC")


async def test_the_organization_sets_the_days_before_the_overdue_interval_and_the_maximum(db: Db) -> None:
    rules = {"days_before": [7], "overdue_every_days": 1, "max": 2}
    await assigned(db, DUE, settings={"quiet_hours": False, "due_reminders": rules})

    assert await remind(db, DUE - 3 * DAY) == 1  # the 7-day one, late: it is the latest that has come
    assert await remind(db, DUE - DAY) == 0
    assert await remind(db, DUE) == 1
    assert await remind(db, DUE + DAY) == 0

    assert slots(await reminders(db)) == ["before-7", "overdue-0"]


async def test_no_overdue_reminders_when_the_interval_is_zero(db: Db) -> None:
    await assigned(db, DUE, settings={"quiet_hours": False, "due_reminders": {"overdue_every_days": 0}})

    assert await remind(db, DUE - DAY) == 1
    assert await remind(db, DUE + DAY) == 0
    assert await remind(db, DUE + 9 * DAY) == 0


@pytest.mark.parametrize("malformed", ["soon", {"days_before": "3", "overdue_every_days": -1, "max": True}, []])
async def test_malformed_rules_read_as_the_defaults(db: Db, malformed: object) -> None:
    await assigned(db, DUE, settings={"quiet_hours": False, "due_reminders": malformed})

    assert await remind(db, DUE - 3 * DAY) == 1
    assert await remind(db, DUE - DAY) == 1
    assert await remind(db, DUE + 3 * DAY) == 1
    assert slots(await reminders(db)) == ["before-3", "before-1", "overdue-1"]


async def test_a_job_that_did_not_run_for_days_sends_only_the_latest_reminder(db: Db) -> None:
    await assigned(db, DUE)

    assert await remind(db, DUE - 12 * timedelta(hours=1)) == 1
    assert await remind(db, DUE - MINUTE) == 0

    assert slots(await reminders(db)) == ["before-1"]


async def test_a_course_assigned_two_days_before_its_due_date_skips_the_three_day_reminder(db: Db) -> None:
    a = await assigned(db, DUE)
    await owner(db, "UPDATE enrollments SET created_at = :at WHERE id = :id", at=DUE - 2 * DAY, id=a.enrollment_id)

    assert await remind(db, DUE - 2 * DAY + MINUTE) == 0
    assert await remind(db, DUE - DAY) == 1


async def test_an_enrollment_found_overdue_is_reminded_at_once(db: Db) -> None:
    await assigned(db, DUE)

    assert await remind(db, DUE + 10 * DAY) == 1
    assert await remind(db, DUE + 11 * DAY) == 0
    assert await remind(db, DUE + 12 * DAY) == 1

    assert slots(await reminders(db)) == ["overdue-3", "overdue-4"]


@pytest.mark.parametrize(
    ("status", "enrollment_type", "course_status"),
    [
        ("completed", "assigned", "published"),
        ("dropped", "assigned", "published"),
        ("enrolled", "self", "published"),
        ("enrolled", "assigned", "archived"),
    ],
)
async def test_never_for_a_finished_dropped_self_chosen_or_archived_course(
    db: Db, status: str, enrollment_type: str, course_status: str
) -> None:
    await assigned(db, DUE, status=status, enrollment_type=enrollment_type, course_status=course_status)

    for moment in (DUE - 3 * DAY, DUE - DAY, DUE, DUE + 3 * DAY):
        assert await remind(db, moment) == 0
    assert await reminders(db) == []


async def test_a_department_assignment_is_reminded_like_a_personal_one(db: Db) -> None:
    await assigned(db, DUE, enrollment_type="bulk", status="in_progress")

    assert await remind(db, DUE - DAY) == 1


async def test_an_inactive_person_or_organization_is_never_reminded(db: Db) -> None:
    a = await assigned(db, DUE)
    await owner(db, "UPDATE users SET is_active = false WHERE id = :id", id=a.trainee.id)
    assert await remind(db, DUE - DAY) == 0
    await owner(db, "UPDATE users SET is_active = true WHERE id = :id", id=a.trainee.id)
    await owner(db, "UPDATE organizations SET is_active = false WHERE id = :id", id=a.org.id)
    assert await remind(db, DUE - DAY) == 0
    await owner(db, "UPDATE organizations SET is_active = true WHERE id = :id", id=a.org.id)
    assert await remind(db, DUE - DAY) == 1


async def test_completing_the_course_stops_the_reminders_that_were_still_to_come(db: Db) -> None:
    a = await assigned(db, DUE)
    assert await remind(db, DUE - 3 * DAY) == 1
    await owner(db, "UPDATE enrollments SET status = 'completed' WHERE id = :id", id=a.enrollment_id)

    assert await remind(db, DUE - DAY) == 0
    assert await remind(db, DUE + 3 * DAY) == 0


async def test_a_new_due_date_gets_its_own_reminders(db: Db) -> None:
    a = await assigned(db, DUE, settings={"quiet_hours": False, "due_reminders": {"max": 1}})
    assert await remind(db, DUE - DAY) == 1
    assert await remind(db, DUE) == 0
    later = DUE + 14 * DAY
    await owner(db, "UPDATE enrollments SET due_date = :due WHERE id = :id", due=later, id=a.enrollment_id)

    assert await remind(db, later - DAY) == 1


async def test_concurrent_runs_of_the_job_enqueue_each_reminder_once(db: Db) -> None:
    await assigned(db, DUE)

    counts = await asyncio.gather(*(remind(db, DUE - DAY) for _ in range(4)))

    assert sum(counts) == 1
    assert len(await reminders(db)) == 1
    [jobs] = await owner(db, "SELECT count(*) AS n FROM pgqueuer")
    assert jobs.n == 1


async def test_a_muted_course_sends_no_reminder_until_it_is_unmuted(db: Db) -> None:
    a = await assigned(db, DUE)
    await a.run(MuteCourse(course_code="sec-101"))

    assert await remind(db, DUE - 3 * DAY) == 0
    assert await remind(db, DUE - DAY) == 0

    await a.run(UnmuteCourse(course_code="SEC-101"))
    assert await remind(db, DUE - DAY) == 1


async def test_a_due_day_reads_as_the_day_and_a_due_moment_in_the_organizations_zone(db: Db) -> None:
    end_of_day = datetime(2027, 3, 10, 23, 59, 59, tzinfo=UTC)  # as `assign SEC-101 tom 2027-03-10` writes it
    await assigned(db, end_of_day, settings={"quiet_hours": False, "timezone": "Europe/Berlin"})
    await assigned(db, DUE, settings={"quiet_hours": False, "timezone": "Europe/Berlin"})

    assert await remind(db, DUE - DAY) == 2

    texts = [row.replies[0]["text"] for row in await reminders(db)]
    assert any("is due on 10 Mar 2027, 13:00 CET, in 1 day." in said for said in texts)
    assert any("is due on 10 Mar 2027, in 1 day." in said for said in texts)


async def test_the_reminder_reaches_the_trainee_in_their_chat(db: Db, database_url: URL) -> None:
    a = await assigned(db, DUE)
    await link(db, a.trainee, ChatPlatform.TELEGRAM, "4242")
    await remind(db, DUE - DAY)
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram})

    [sent] = telegram.sent
    assert sent.to.platform_user_id == "4242"
    assert "is due on 10 Mar 2027" in sent.replies[0].text
    assert [b.label for b in sent.replies[0].buttons] == ["Continue", "Mute reminders"]
    assert [row.status for row in await reminders(db)] == ["sent"]
