"""Scheduling sessions by chat, in the organization's time zone, in one line or step by step."""

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.messagebus import Context
from domain.sessions.events import SessionChanged
from tests.integration.sessions.world import make_world


async def test_an_instructor_schedules_a_session_in_one_line_in_the_organizations_time_zone(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    said = await world.said(
        world.instructor, "session add Fire safety | 2026-12-08 10:00 | 11:30 | Room 4 | IT | 20 | workshop"
    )
    assert "Scheduled *S1* Fire safety" in said
    assert "Tue 8 Dec 2026, 10:00–11:30 CET" in said
    rows = await world.sql(
        "SELECT start_time, end_time, location, max_participants, session_type, department_id, checkin_code "
        "FROM training_sessions"
    )
    ((start, end, location, seats, kind, department, code),) = rows
    assert (start.isoformat(), end.isoformat()) == ("2026-12-08T09:00:00+00:00", "2026-12-08T10:30:00+00:00")
    assert (location, seats, kind, department) == ("Room 4", 20, "workshop", world.it.id)
    assert f"Check-in code: `{code}`" in said


async def test_the_guided_flow_asks_each_field_re_asks_after_a_bad_answer_and_schedules(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    irene = world.instructor
    replies = await world.say(irene, "session new")
    assert replies[-1].text == "What is the session's title?"
    assert "Europe/Berlin" in await world.said(irene, "Incident response drill")
    assert "could not read the start" in await world.said(irene, "tomorrow at ten")
    assert "When does it end?" in await world.said(irene, "2026-12-09 14:00")
    assert "Where?" in await world.said(irene, "15:30")
    assert "course or department" in await world.said(irene, "https://meet.example/ir-drill")
    assert "no course or department NOPE" in await world.said(irene, "NOPE")
    assert "How many seats?" in await world.said(irene, "-")
    assert "Which type" in await world.said(irene, "12")
    said = await world.said(irene, "webinar")
    assert "Scheduled *S1* Incident response drill" in said
    assert "Wed 9 Dec 2026, 14:00–15:30 CET" in said
    (row,) = await world.sql("SELECT meeting_url, location, max_participants, session_type FROM training_sessions")
    assert tuple(row) == ("https://meet.example/ir-drill", None, 12, "webinar")
    assert "*S1* Incident response drill" in await world.said(irene, "sessions")  # the prompt is gone


async def test_bad_schedules_are_refused_with_a_reason_and_write_nothing(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    irene, tom = world.instructor, world.trainees[0]
    cases = {
        "session add Drill | 2026-12-06 10:00 | 11:00": "has passed",
        "session add Drill | 2026-12-08 10:00 | 09:00": "must end after it starts",
        "session add Drill | 8.12.2026 10:00 | 11:00": "could not read the start",
        "session add Drill | 2026-12-08 10:00 | soon": "could not read the end",
        "session add Drill | 2026-12-08 25:00 | 11:00": "could not read the start",
        "session add Drill | 2026-12-08 10:00 | 11:00 | Room | NOPE": "no course or department NOPE",
        "session add Drill | 2026-12-08 10:00 | 11:00 | Room | IT | many": "Usage",
        "session add Drill | 2026-12-08 10:00 | 11:00 | Room | IT | 5 | party": "Usage",
        "session add Drill | 2026-12-08 10:00": "Usage",
        "session add Drill | 2027-03-28 02:30 | 03:30": "does not exist in Europe/Berlin",
    }
    for line, reason in cases.items():
        assert reason in await world.said(irene, line), line
    assert "Only instructors and admins" in await world.said(tom, "session add Drill | 2026-12-08 10:00 | 11:00")
    assert await world.sql("SELECT 1 FROM training_sessions") == []


async def test_a_session_across_the_summer_time_change_is_shown_in_summer_time(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    said = await world.said(world.instructor, "session add Spring kickoff | 2027-03-29 09:00 | 10:00")
    assert "Mon 29 Mar 2027, 09:00–10:00 CEST" in said
    ((start,),) = await world.sql("SELECT start_time FROM training_sessions")
    assert start.isoformat() == "2027-03-29T07:00:00+00:00"


async def test_sessions_written_by_sql_get_references_and_codes_and_are_listed_like_the_bots(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    await world.said(world.instructor, "session add Made by chat | 2026-12-08 10:00 | 11:00")
    await world.sql(
        "INSERT INTO training_sessions (organization_id, title, instructor_id, start_time, end_time, max_participants)"
        " VALUES (:org, 'Imported', :instructor, '2026-12-09 09:00+00', '2026-12-09 10:00+00', 1)",
        org=world.org.id,
        instructor=world.instructor.id,
    )
    ((reference, code),) = await world.sql(
        "SELECT reference, checkin_code FROM training_sessions WHERE title = 'Imported'"
    )
    assert reference == 2
    assert len(code) == 6
    assert code.isalpha()
    listing = await world.said(world.trainees[0], "sessions")
    assert "*S1* Made by chat" in listing
    assert "*S2* Imported — Wed 9 Dec 2026, 10:00–11:00 CET · 0/1 seats" in listing
    assert "You're registered" in await world.said(world.trainees[0], "rsvp S2")
    assert "is full" in await world.said(world.trainees[1], "rsvp 2")


async def test_an_instructor_cancels_their_session_and_it_leaves_the_list(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    await world.said(world.instructor, "session add Drill | 2026-12-08 10:00 | 11:00")
    await world.said(world.trainees[0], "rsvp S1")
    assert "another instructor's" in await world.said(world.other_instructor, "session cancel S1")
    cancelled = await world.said(world.instructor, "session cancel S1")
    assert cancelled == "Cancelled *S1* Drill.\n📣 Told the 1 person registered that it is cancelled."
    assert "no upcoming sessions" in await world.said(world.trainees[1], "sessions")
    assert "has been cancelled" in await world.said(world.trainees[1], "rsvp S1")
    assert "cancelled" in await world.said(world.admin, "session S1")


async def test_an_instructor_moves_a_session_changes_its_place_and_seats_and_an_event_is_raised(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    raised: list[SessionChanged] = []

    async def remember(ctx: Context, event: SessionChanged) -> None:
        raised.append(event)

    world.services.bus.event_handlers[SessionChanged] = [remember]
    irene, tom, tina = world.instructor, world.trainees[0], world.trainees[1]
    await world.said(irene, "session add Drill | 2026-12-08 10:00 | 11:30 | Room 4 | - | 5")
    await world.said(tom, "rsvp S1")
    await world.said(tina, "rsvp S1")

    moved = await world.said(irene, "session change S1 | 2026-12-09 14:00")
    assert "Changed *S1* Drill\nWed 9 Dec 2026, 14:00–15:30 CET\nRoom 4\nSeats: 5" in moved
    assert "Room 5" in await world.said(irene, "session change S1 | - | - | Room 5")
    assert "at least that many seats" in await world.said(irene, "session change S1 | - | - | - | 1")
    assert "Seats: 2" in await world.said(irene, "session change S1 | - | - | - | 2")
    assert "Nothing to change" in await world.said(irene, "session change S1 | - | - | Room 5")
    assert "another instructor's" in await world.said(world.other_instructor, "session change S1 | - | - | Attic")
    assert "has passed" in await world.said(irene, "session change S1 | 2026-12-01 10:00")

    assert [set(event.changes) for event in raised] == [
        {"start_time", "end_time"},
        {"location"},
        {"max_participants"},
    ]
    assert set(raised[0].registered_user_ids) == {tom.id, tina.id}
    ((start, location, seats),) = await world.sql(
        "SELECT start_time, location, max_participants FROM training_sessions"
    )
    assert (start.isoformat(), location, seats) == ("2026-12-09T13:00:00+00:00", "Room 5", 2)
    world.clock.set(start)
    assert "has started" in await world.said(irene, "session change S1 | 2026-12-10 10:00")
