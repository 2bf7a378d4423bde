"""A changed or cancelled session is told to everyone registered, in the transaction of the change; whoever made
it hears how many were told; quiet hours hold a notice only for a session more than 24 hours away."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.sessions.reminders import remind_session_starts
from tests.integration.sessions.world import World, make_world

Db = async_sessionmaker[AsyncSession]
START = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Berlin


async def notices(world: World) -> list[Any]:
    return await world.sql(
        "SELECT d.user_id, d.replies, d.status, q.execute_after - now() AS waits FROM deliveries d "
        "JOIN pgqueuer q ON convert_from(q.payload, 'UTF8') = d.organization_id || ':' || d.id "
        "WHERE d.kind = 'session' AND d.once_key IS NULL ORDER BY d.created_at, d.user_id"
    )


def texts_to(rows: list[Any], person: Any) -> list[str]:
    return [row.replies[0]["text"] for row in rows if row.user_id == person.id]


async def registered_drill(db: Db, tmp_path: Path) -> World:
    world = await make_world(db, tmp_path)
    await world.said(world.instructor, "session add Drill | 2026-12-08 10:00 | 11:30 | Room 4 | - | 5")
    for trainee in world.trainees[:2]:
        await world.said(trainee, "rsvp S1")
    return world


async def test_a_moved_session_tells_everyone_registered_old_to_new_and_the_instructor_how_many(
    db: Db, tmp_path: Path
) -> None:
    world = await registered_drill(db, tmp_path)
    tom, tina, tim = world.trainees

    replies = await world.say(world.instructor, "session change S1 | 2026-12-09 14:00")

    assert replies[0].text.startswith("Changed *S1* Drill\nWed 9 Dec 2026, 14:00–15:30 CET")
    assert replies[1].text == "📣 Told the 2 people registered about the change."
    rows = await notices(world)
    assert {row.user_id for row in rows} == {tom.id, tina.id}
    assert texts_to(rows, tom) == [
        "📅 *S1* Drill has changed:\nWhen: Tue 8 Dec 2026, 10:00–11:30 CET → *Wed 9 Dec 2026, 14:00–15:30 CET*\n"
        "You're still registered."
    ]
    [button] = rows[0].replies[0]["buttons"]
    assert (button["label"], button["command"]) == (
        "Cancel my seat",
        {"command": "CancelRegistration", "fields": {"reference": 1}},
    )
    assert all(row.waits < timedelta(seconds=5) for row in rows)
    assert texts_to(rows, tim) == []


async def test_a_new_place_a_meeting_link_and_new_seats_are_told_and_the_admin_who_changed_it_is_not(
    db: Db, tmp_path: Path
) -> None:
    world = await registered_drill(db, tmp_path)
    tom = world.trainees[0]
    await world.said(world.admin, "rsvp S1")

    online = await world.say(world.admin, "session change S1 | - | - | https://meet.example/drill | 9")

    assert online[-1].text == "📣 Told the 2 people registered about the change."
    rows = await notices(world)
    assert world.admin.id not in {row.user_id for row in rows}
    [message] = [row.replies[0] for row in rows if row.user_id == tom.id]
    assert message["text"] == (
        "📅 *S1* Drill has changed:\nWhere: Room 4 → *https://meet.example/drill*\nSeats: 5 → 9\n"
        "You're still registered."
    )
    assert message["link"] == {"label": "Join the meeting", "url": "https://meet.example/drill"}


async def test_a_cancelled_session_tells_everyone_registered_and_no_reminder_follows(db: Db, tmp_path: Path) -> None:
    world = await registered_drill(db, tmp_path)
    tom, tina, _ = world.trainees
    assert "Your seat for S1 Drill is cancelled" in await world.said(tina, "rsvp cancel S1")

    said = await world.said(world.instructor, "session cancel S1")

    assert said == "Cancelled *S1* Drill.\n📣 Told the 1 person registered that it is cancelled."
    rows = await notices(world)
    assert texts_to(rows, tom) == [
        "❌ *S1* Drill (Tue 8 Dec 2026, 10:00–11:30 CET) has been cancelled. Your seat is released; nothing else to do."
    ]
    assert texts_to(rows, tina) == []
    assert [b["command"]["command"] for b in rows[0].replies[0]["buttons"]] == ["ListSessions"]
    world.clock.set(START - timedelta(minutes=15))
    assert await remind_session_starts(world.services.bus.units, world.clock) == 0


async def test_nobody_registered_nobody_told(db: Db, tmp_path: Path) -> None:
    world = await make_world(db, tmp_path)
    await world.said(world.instructor, "session add Drill | 2026-12-08 10:00 | 11:30")

    said = await world.said(world.instructor, "session change S1 | - | - | Room 9")

    assert said.endswith("Nobody is registered for S1, so there was nobody to tell.")
    assert await notices(world) == []


async def test_at_night_a_notice_of_a_session_days_away_waits_for_the_morning_one_within_24_hours_goes_at_once(
    db: Db, tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    tom = world.trainees[0]
    await world.said(world.instructor, "session add Far | 2026-12-10 10:00 | 11:00")
    await world.said(world.instructor, "session add Near | 2026-12-08 10:00 | 11:00")
    await world.said(tom, "rsvp S1")
    await world.said(tom, "rsvp S2")
    world.clock.set(datetime(2026, 12, 7, 22, 0, tzinfo=UTC))  # Monday 23:00 in Berlin, quiet until 08:00

    far = await world.said(world.instructor, "session change S1 | - | - | Room 2")
    near = await world.said(world.instructor, "session change S2 | - | - | Room 3")

    assert far.endswith(
        "📣 Told the 1 person registered about the change.\nThe session is more than 24 hours away, so the notice "
        "waits for the end of quiet hours: 8 Dec 2026, 08:00 CET."
    )
    assert near.endswith("📣 Told the 1 person registered about the change.")
    held, at_once = await notices(world)
    assert "Far" in held.replies[0]["text"]
    assert timedelta(hours=8, minutes=59) < held.waits <= timedelta(hours=9)
    assert "Near" in at_once.replies[0]["text"]
    assert at_once.waits < timedelta(seconds=5)


async def test_reminders_still_waiting_in_the_outbox_are_withdrawn_when_the_session_moves_or_is_cancelled(
    db: Db, tmp_path: Path
) -> None:
    world = await registered_drill(db, tmp_path)
    await world.said(world.instructor, "session add Other | 2026-12-08 10:00 | 11:00")
    await world.said(world.trainees[2], "rsvp S2")
    world.clock.set(START - timedelta(hours=24))
    assert await remind_session_starts(world.services.bus.units, world.clock) == 3  # queued: no worker runs here

    await world.said(world.instructor, "session change S1 | 2026-12-09 10:00")
    await world.said(world.instructor, "session cancel S2")
    await world.said(world.instructor, "session change S1 | - | - | Room 8")  # not a move: nothing more withdrawn

    statuses = await world.sql(
        "SELECT status, count(*) AS n FROM deliveries WHERE once_key IS NOT NULL GROUP BY status ORDER BY status"
    )
    assert [(row.status, row.n) for row in statuses] == [("withdrawn", 3)]
    assert await remind_session_starts(world.services.bus.units, world.clock) == 0  # the new start is 2 days away
