"""Reminders before a session starts (24 hours and 15 minutes by default), each once per person and start, on a
clock the test sets: the nearest only, none for the cancelled, the started, a seat given back; a moved session
gets the reminders of its new start; quiet hours hold them; sessions written by SQL are reminded too."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.delivery.sending import DeliverySender
from adapters.delivery.worker import DeliveryWorker, ScheduledJob, asyncpg_dsn
from domain.models.enums import ChatPlatform
from domain.sessions.reminders import SESSION_REMINDERS, remind_session_starts
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.delivery.conftest import FAST, link
from tests.integration.sessions.world import World, make_world
from tests.support import factories
from tests.support.clock import SettableClock
from tests.support.fake_backend import RecordingBackend

Db = async_sessionmaker[AsyncSession]
# Tuesday 8 December 2026, 10:00-11:30 in Berlin (CET) = 09:00-10:30 UTC; the world's clock is a day before.
START = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
DRILL = "session add Drill | 2026-12-08 10:00 | 11:30 | Room 4"


async def remind(world: World, at: datetime | None = None) -> int:
    if at is not None:
        world.clock.set(at)
    return await remind_session_starts(world.services.bus.units, world.clock)


async def reminders(world: World) -> list[Any]:
    return await world.sql(
        "SELECT user_id, once_key, replies, status FROM deliveries WHERE once_key LIKE 'session-start:%' "
        "ORDER BY created_at, once_key"
    )


def minutes_of(row: Any) -> int:
    return int(row.once_key.rsplit(":", 1)[1])


async def drill(db: Db, tmp_path: Path, command: str = DRILL, registered: int = 1) -> World:
    world = await make_world(db, tmp_path)
    assert "Scheduled *S1*" in await world.said(world.instructor, command)
    for trainee in world.trainees[:registered]:
        assert "You're registered" in await world.said(trainee, "rsvp S1")
    return world


async def test_a_registered_trainee_is_reminded_24_hours_and_15_minutes_before_each_once(
    db: Db, tmp_path: Path
) -> None:
    world = await drill(db, tmp_path)
    tom = world.trainees[0]

    assert await remind(world, START - timedelta(hours=24, minutes=1)) == 0
    assert await remind(world, START - timedelta(hours=24)) == 1
    assert await remind(world) == 0
    assert await remind(world, START - timedelta(hours=23)) == 0
    assert await remind(world, START - timedelta(minutes=16)) == 0
    assert await remind(world, START - timedelta(minutes=15)) == 1
    assert await remind(world, START - timedelta(minutes=5)) == 0
    assert await remind(world, START) == 0

    day, quarter = await reminders(world)
    [session_id] = [row.id for row in await world.sql("SELECT id FROM training_sessions")]
    assert day.user_id == tom.id
    assert day.once_key == f"session-start:{session_id}:{tom.id}:{int(START.timestamp())}:1440"
    assert minutes_of(quarter) == 15
    [before] = day.replies
    assert before["text"] == (
        "⏰ Reminder: *S1* Drill starts in 24 hours\nTue 8 Dec 2026, 10:00–11:30 CET\n📍 Room 4\n"
        "Can't make it? Cancel your seat so someone else can have it."
    )
    assert [(b["label"], b["command"]) for b in before["buttons"]] == [
        ("Cancel my seat", {"command": "CancelRegistration", "fields": {"reference": 1}})
    ]
    [soon] = quarter.replies
    assert soon["text"].startswith("⏰ Reminder: *S1* Drill starts in 15 minutes\n")
    assert "Check-in is open" in soon["text"]
    assert [(b["label"], b["command"]) for b in soon["buttons"]] == [
        ("Check in", {"command": "CheckIn", "fields": {"reference": 1}})
    ]
    assert "You're checked in to *S1* Drill" in "\n".join(r.text for r in await world.press(tom, "checkin S1"))


async def test_a_job_that_ran_late_sends_only_the_nearest_reminder(db: Db, tmp_path: Path) -> None:
    world = await drill(db, tmp_path)

    assert await remind(world, START - timedelta(minutes=10)) == 1
    assert await remind(world, START - timedelta(minutes=9)) == 0

    [only] = await reminders(world)
    assert minutes_of(only) == 15
    assert "starts in 10 minutes" in only.replies[0]["text"]


async def test_concurrent_job_runs_enqueue_each_reminder_once(db: Db, tmp_path: Path) -> None:
    world = await drill(db, tmp_path, registered=3)
    world.clock.set(START - timedelta(hours=2))

    counts = await asyncio.gather(*(remind(world) for _ in range(4)))

    assert sum(counts) == 3
    assert sorted(row.user_id for row in await reminders(world)) == sorted(t.id for t in world.trainees)
    [jobs] = await world.sql("SELECT count(*) AS n FROM pgqueuer")
    assert jobs.n == 3


async def test_two_workers_on_pgqueuers_schedule_send_each_reminder_once(
    db: Db, tmp_path: Path, database_url: URL
) -> None:
    world = await drill(db, tmp_path, registered=2)
    for number, trainee in enumerate(world.trainees[:2]):
        await link(db, trainee, ChatPlatform.TELEGRAM, str(700 + number))
    runs: list[int] = []
    at_24_hours = SettableClock(START - timedelta(hours=24))

    async def remind_now() -> int:
        runs.append(await remind_session_starts(PostgresUnitsOfWork(db), at_24_hours))
        return runs[-1]

    every_second = ScheduledJob(SESSION_REMINDERS, "* * * * * *", remind_now)
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)
    workers = [
        DeliveryWorker(
            asyncpg_dsn(database_url),
            DeliverySender(PostgresUnitsOfWork(db), {ChatPlatform.TELEGRAM: telegram}, FAST),
            heartbeat_timeout=5,
            scheduled=[every_second],
        )
        for _ in range(2)
    ]
    tasks = [asyncio.create_task(worker.run()) for worker in workers]
    try:
        for _ in range(200):
            if len(runs) >= 3 and len(telegram.sent) >= 2:
                break
            await asyncio.sleep(0.05)
    finally:
        for worker in workers:
            worker.stop()
        await asyncio.gather(*tasks, return_exceptions=True)

    assert len(runs) >= 3
    assert sum(runs) == 2
    assert sorted(s.to.platform_user_id for s in telegram.sent) == ["700", "701"]
    assert all(s.replies[0].text.startswith("⏰ Reminder: *S1* Drill starts in 24 hours") for s in telegram.sent)


async def test_a_moved_session_gets_the_reminders_of_its_new_start(db: Db, tmp_path: Path) -> None:
    world = await drill(db, tmp_path)
    assert await remind(world, START - timedelta(hours=24)) == 1

    moved = await world.said(world.instructor, "session change S1 | 2026-12-09 10:00")
    assert "Wed 9 Dec 2026, 10:00–11:30 CET" in moved
    new_start = START + timedelta(days=1)

    assert await remind(world, START - timedelta(minutes=15)) == 0  # the old time: nothing starts then
    assert await remind(world, new_start - timedelta(hours=24)) == 1
    assert await remind(world, new_start - timedelta(minutes=15)) == 1
    keys = [row.once_key for row in await reminders(world)]
    assert [key.rsplit(":", 2)[1:] for key in keys] == [
        [str(int(START.timestamp())), "1440"],
        [str(int(new_start.timestamp())), "1440"],
        [str(int(new_start.timestamp())), "15"],
    ]
    assert "Wed 9 Dec 2026, 10:00–11:30 CET" in (await reminders(world))[1].replies[0]["text"]


async def test_no_reminder_for_a_cancelled_session_a_seat_given_back_someone_checked_in_or_inactive(
    db: Db, tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path, trainees=4)
    tom, tina, tim, tess = world.trainees
    await world.said(world.instructor, DRILL)
    await world.said(world.instructor, "session add Other | 2026-12-08 10:00 | 11:00")
    for trainee in (tom, tina, tim):
        await world.said(trainee, "rsvp S1")
    await world.said(tess, "rsvp S2")
    assert "Cancelled *S2* Other" in await world.said(world.instructor, "session cancel S2")
    assert "Your seat for S1 Drill is cancelled" in await world.said(tom, "rsvp cancel S1")
    await world.sql("UPDATE users SET is_active = false WHERE id = :id", id=tina.id)
    world.clock.set(START - timedelta(minutes=14))
    assert "checked in" in await world.said(tim, "checkin S1")

    assert await remind(world) == 0
    assert await remind(world, START - timedelta(hours=24)) == 0
    assert await reminders(world) == []


async def test_someone_who_registers_3_hours_before_gets_no_24_hour_reminder_only_the_15_minute_one(
    db: Db, tmp_path: Path
) -> None:
    world = await drill(db, tmp_path, registered=0)
    world.clock.set(START - timedelta(hours=3))
    await world.said(world.trainees[0], "rsvp S1")

    assert await remind(world) == 0
    assert await remind(world, START - timedelta(minutes=15)) == 1
    [only] = await reminders(world)
    assert minutes_of(only) == 15


async def test_the_organization_chooses_its_reminder_times_and_a_malformed_setting_reads_as_the_default(
    db: Db, tmp_path: Path
) -> None:
    world = await drill(db, tmp_path)
    await world.sql(
        "UPDATE organizations SET settings = settings || '{\"session_reminders_minutes\": [120, 60]}' WHERE id = :o",
        o=world.org.id,
    )
    assert await remind(world, START - timedelta(hours=24)) == 0
    assert await remind(world, START - timedelta(hours=2)) == 1
    assert await remind(world, START - timedelta(minutes=15)) == 1  # the 60-minute one, late
    assert [minutes_of(row) for row in await reminders(world)] == [120, 60]

    await world.sql(
        'UPDATE organizations SET settings = settings || \'{"session_reminders_minutes": "soon"}\' WHERE id = :o',
        o=world.org.id,
    )
    assert await remind(world, START - timedelta(minutes=14)) == 1
    assert [minutes_of(row) for row in await reminders(world)] == [120, 60, 15]


async def test_quiet_hours_hold_the_24_hour_reminder_and_a_session_at_0730_gets_its_15_minute_one_anyway(
    db: Db, tmp_path: Path
) -> None:
    # Tuesday 07:30 in Berlin (06:30 UTC), quiet until 08:00: the 24 h reminder (Monday 07:30) waits until 08:00;
    # the 15-minute one (07:15) goes out at its time, since the session starts before the quiet hours end.
    early = datetime(2026, 12, 8, 6, 30, tzinfo=UTC)
    world = await make_world(db, tmp_path)
    world.clock.set(datetime(2026, 12, 6, 12, 0, tzinfo=UTC))
    await world.said(world.instructor, "session add Early drill | 2026-12-08 07:30 | 08:30")
    await world.said(world.trainees[0], "rsvp S1")

    assert await remind(world, early - timedelta(hours=24)) == 0
    assert await remind(world, datetime(2026, 12, 7, 6, 59, tzinfo=UTC)) == 0
    assert await remind(world, datetime(2026, 12, 7, 7, 0, tzinfo=UTC)) == 1
    assert "starts in 23 hours 30 minutes" in (await reminders(world))[0].replies[0]["text"]
    assert await remind(world, early - timedelta(minutes=16)) == 0
    assert await remind(world, early - timedelta(minutes=15)) == 1
    assert [minutes_of(row) for row in await reminders(world)] == [1440, 15]


async def test_across_the_spring_dst_change_the_held_reminder_goes_at_8_local_summer_time(
    db: Db, tmp_path: Path
) -> None:
    # Sunday 28 March 2027, 21:00 CEST = 19:00 UTC. Its 24 h reminder falls on Saturday 20:00 CET, quiet; that
    # night ends at 08:00 CEST = 06:00 UTC, after the clocks went forward at 02:00.
    start = datetime(2027, 3, 28, 19, 0, tzinfo=UTC)
    world = await make_world(db, tmp_path)
    world.clock.set(datetime(2027, 3, 20, 12, 0, tzinfo=UTC))
    await world.said(world.instructor, "session add Spring drill | 2027-03-28 21:00 | 22:00")
    await world.said(world.trainees[0], "rsvp S1")

    assert await remind(world, start - timedelta(hours=24)) == 0
    assert await remind(world, datetime(2027, 3, 28, 1, 30, tzinfo=UTC)) == 0  # 03:30 CEST
    assert await remind(world, datetime(2027, 3, 28, 5, 59, tzinfo=UTC)) == 0  # 07:59 CEST
    assert await remind(world, datetime(2027, 3, 28, 6, 0, tzinfo=UTC)) == 1  # 08:00 CEST
    [held] = await reminders(world)
    assert held.replies[0]["text"].startswith(
        "⏰ Reminder: *S1* Spring drill starts in 13 hours\nSun 28 Mar 2027, 21:00–22:00 CEST"
    )


async def test_a_session_and_a_seat_written_straight_into_the_tables_are_reminded(db: Db, tmp_path: Path) -> None:
    """As an import or an administrator at psql would: the defaults (reference, code, created_at) by the database."""
    world = await make_world(db, tmp_path)
    tom = world.trainees[0]
    await world.sql(
        "UPDATE organizations SET settings = settings || '{\"quiet_hours\": false}' WHERE id = :o", o=world.org.id
    )
    [row] = await world.sql(
        "SELECT date_trunc('minute', now()) + interval '2 days' AS start_time, date_trunc('minute', now()) AS now"
    )
    await world.sql(
        "INSERT INTO training_sessions (organization_id, title, instructor_id, start_time, end_time, meeting_url) "
        "VALUES (:org, 'Imported webinar', :instructor, CAST(:start AS timestamptz), "
        "CAST(:start AS timestamptz) + interval '1 hour', 'https://meet.example/w')",
        org=world.org.id,
        instructor=world.instructor.id,
        start=row.start_time,
    )
    await world.sql(
        "INSERT INTO session_attendances (session_id, user_id) SELECT id, :tom FROM training_sessions", tom=tom.id
    )

    assert await remind(world, row.now + timedelta(hours=1)) == 0
    assert await remind(world, row.start_time - timedelta(hours=24)) == 1
    [reminder] = await reminders(world)
    [message] = reminder.replies
    assert message["text"].startswith("⏰ Reminder: *S1* Imported webinar starts in 24 hours")
    assert message["link"] == {"label": "Join the meeting", "url": "https://meet.example/w"}


async def test_a_trainee_who_muted_the_sessions_course_gets_no_reminder_until_unmuting(db: Db, tmp_path: Path) -> None:
    world = await make_world(db, tmp_path)
    tom, tina = world.trainees[:2]
    async with db() as session:
        course = await factories.course(
            session, world.org, world.instructor, course_code="SEC-101", title="Security", status="published"
        )
        for trainee in (tom, tina):
            await factories.enrollment(session, trainee, course)
        await session.commit()
    await world.said(world.instructor, "session add Drill | 2026-12-08 10:00 | 11:30 | Room 4 | SEC-101")
    await world.said(world.instructor, "session add Open day | 2026-12-08 10:00 | 11:30")
    for trainee in (tom, tina):
        assert "You're registered" in await world.said(trainee, "rsvp S1")
    assert "You're registered" in await world.said(tom, "rsvp S2")
    assert "muted" in await world.said(tom, "mute SEC-101")

    assert await remind(world, START - timedelta(hours=24)) == 2  # Tina for S1; Tom only for S2 (no course)
    assert {(row.user_id, row.replies[0]["text"].split("\n")[0]) for row in await reminders(world)} == {
        (tina.id, "⏰ Reminder: *S1* Drill starts in 24 hours"),
        (tom.id, "⏰ Reminder: *S2* Open day starts in 24 hours"),
    }
    assert "on again" in await world.said(tom, "unmute SEC-101")
    assert await remind(world, START - timedelta(minutes=15)) == 3
