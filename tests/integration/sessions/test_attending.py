"""RSVPs, the check-in window (15 minutes before the start until the end) on a clock the test sets, check-in
codes, check-out, and what instructors mark and see."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.integration.sessions.world import World, buttons, make_world
from tests.support import factories

# The session below: Tuesday 8 December 2026, 10:00-11:30 in Berlin = 09:00-10:30 UTC.
START = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
END = START + timedelta(minutes=90)


async def scheduled(world: World, extra: str = "| Room 4 | IT | 20") -> None:
    said = await world.said(world.instructor, f"session add Fire safety | 2026-12-08 10:00 | 11:30 {extra}")
    assert "Scheduled *S1*" in said


async def test_a_trainee_lists_rsvps_with_the_button_and_cancels_before_the_start(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    await scheduled(world)
    tom = world.trainees[0]
    listing = await world.say(tom, "sessions")
    assert "*S1* Fire safety — Tue 8 Dec 2026, 10:00–11:30 CET · Room 4 · Information Technology · 0/20 seats" in (
        listing[0].text
    )
    assert buttons(listing) == {"RSVP S1": "rsvp S1"}
    registered = await world.press(tom, "rsvp S1")
    assert "You're registered for *S1* Fire safety, Tue 8 Dec 2026, 10:00–11:30 CET" in registered[0].text
    assert "Check-in opens at 09:45 CET" in registered[0].text
    assert "already registered" in await world.said(tom, "rsvp S1")
    listing = await world.say(tom, "sessions")
    assert "1/20 seats · *you're registered*" in listing[0].text
    assert buttons(listing) == {"Cancel RSVP S1": "rsvp cancel S1"}
    assert "Your seat for S1 Fire safety is cancelled" in (await world.press(tom, "rsvp cancel S1"))[0].text
    assert await world.attendance(1) == {}
    assert "not registered" in await world.said(tom, "rsvp cancel S1")


async def test_nobody_gives_back_a_seat_once_the_session_has_started(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    await scheduled(world)
    tom = world.trainees[0]
    await world.said(tom, "rsvp S1")
    world.clock.set(START + timedelta(minutes=1))
    assert "has started" in await world.said(tom, "rsvp cancel S1")
    assert await world.attendance(1) == {tom.email: "registered"}


async def test_a_department_session_is_not_offered_to_other_departments(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    await scheduled(world)
    async with db() as session:
        sales = await factories.department(session, world.org, code="SALES")
        outsider = await factories.user(session, world.org, "trainee", department_id=sales.id)
        await session.commit()
    assert "no upcoming sessions" in await world.said(outsider, "sessions")
    assert "There is no session S1 for you" in await world.said(outsider, "rsvp S1")
    assert await world.attendance(1) == {}


async def test_check_in_opens_15_minutes_before_the_start_and_closes_at_the_end(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    await scheduled(world)
    tom, tina = world.trainees[0], world.trainees[1]
    await world.said(tom, "rsvp S1")
    await world.said(tina, "rsvp S1")

    world.clock.set(START - timedelta(minutes=15, seconds=1))
    assert "opens at Tue 8 Dec 2026, 09:45 CET" in await world.said(tom, "checkin S1")
    assert "Check in S1" not in buttons(await world.say(tom, "sessions"))
    assert await world.attendance(1) == {tom.email: "registered", tina.email: "registered"}

    world.clock.set(START - timedelta(minutes=15))
    listing = await world.say(tom, "sessions")
    assert "check-in open" in listing[0].text
    assert buttons(listing) == {"Check in S1": "checkin S1"}
    checked_in = await world.press(tom, "checkin S1")
    assert "You're checked in to *S1* Fire safety at 09:45 CET" in checked_in[0].text
    assert "already" in await world.said(tom, "checkin S1")

    world.clock.set(END - timedelta(seconds=1))
    assert "checked out of S1 Fire safety at 11:29 CET" in (await world.press(tom, "checkout S1"))[0].text

    world.clock.set(END)
    assert "has ended" in await world.said(tina, "checkin S1")
    assert "has ended" in (await world.press(tina, "checkin S1"))[0].text  # an old button is dead too
    assert await world.attendance(1) == {tom.email: "attended", tina.email: "registered"}
    ((check_in, check_out),) = await world.sql(
        "SELECT check_in_time, check_out_time FROM session_attendances WHERE status = 'attended'"
    )
    assert (check_in, check_out) == (START - timedelta(minutes=15), END - timedelta(seconds=1))


async def test_the_code_shown_in_the_room_checks_in_walk_ins_only_while_open_and_while_seats_last(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    await scheduled(world, "| Room 4 | IT | 1")
    ((code,),) = await world.sql("SELECT checkin_code FROM training_sessions")
    tom, tina = world.trainees[0], world.trainees[1]
    assert f"Check-in code: `{code}`" in await world.said(world.instructor, "attendance S1")

    assert "opens at" in await world.said(tom, f"checkin {code}")
    world.clock.set(START)
    assert "No session has the check-in code ZZZZZZ" in await world.said(tom, "checkin zzzzzz")
    assert "not registered" in await world.said(tom, "checkin S1")  # the button path needs a seat
    assert "You're checked in to *S1*" in await world.said(tom, f"checkin {code.lower()}")
    assert "is full (1 seats)" in await world.said(tina, f"checkin {code}")
    assert await world.attendance(1) == {tom.email: "attended"}


async def test_checking_out_needs_a_check_in(db: async_sessionmaker[AsyncSession], tmp_path: Path) -> None:
    world = await make_world(db, tmp_path)
    await scheduled(world)
    tom = world.trainees[0]
    await world.said(tom, "rsvp S1")
    world.clock.set(START)
    assert "not checked in" in await world.said(tom, "checkout S1")


async def test_instructors_mark_absent_and_excused_and_see_the_attendance_list(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    await scheduled(world)
    tom, tina, toby = world.trainees
    for trainee in world.trainees:
        await world.said(trainee, "rsvp S1")
    irene = world.instructor

    assert "nobody can be absent before the start" in await world.said(irene, f"mark S1 {tina.email} absent")
    assert "now *excused*" in await world.said(irene, f"mark S1 {toby.email} excused doctor's appointment")
    world.clock.set(START + timedelta(minutes=5))
    await world.said(tom, "checkin S1")
    assert "now *absent*" in await world.said(irene, f"mark S1 {tina.email} absent")
    assert "Only instructors and admins" in await world.said(tom, f"mark S1 {tina.email} excused")
    assert "another instructor's" in await world.said(world.other_instructor, "attendance S1")
    assert "no active person" in await world.said(irene, "mark S1 nobody@example.com absent")

    listing = await world.said(world.admin, "attendance S1")
    assert "0 registered · 1 attended · 1 absent · 1 excused · 20 seats" in listing
    assert f"- {tom.first_name} {tom.last_name} ({tom.email}) · attended · in 10:05 CET" in listing
    assert f"({toby.email}) · excused · _doctor's appointment_" in listing
    assert await world.attendance(1) == {tom.email: "attended", tina.email: "absent", toby.email: "excused"}
    # The instructor's own session offers its attendance list.
    assert buttons(await world.say(irene, "sessions")) == {"Attendance S1": "attendance S1"}
    assert "1 attended" in (await world.press(irene, "attendance S1"))[0].text
    # An excused seat is free again: the session shows 1/20 taken.
    assert "1/20 seats" in await world.said(tom, "sessions")


async def test_unknown_references_and_bad_arguments_get_a_friendly_answer(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    tom = world.trainees[0]
    assert "There is no session S9 for you" in await world.said(tom, "rsvp S9")
    assert "Usage" in await world.said(tom, "rsvp tomorrow")
    assert "Usage" in await world.said(tom, "checkin")
    assert "Usage" in await world.said(world.instructor, "mark S1 someone@example.com late")


async def test_the_window_before_a_start_just_after_the_clocks_go_forward_is_15_real_minutes(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    # 28 March 2027: Berlin skips 02:00-03:00. 03:05 CEST is 01:05 UTC; check-in opens at 00:50 UTC = 01:50 CET.
    await world.said(world.instructor, "session add Night shift briefing | 2027-03-28 03:05 | 04:00")
    tom = world.trainees[0]
    await world.said(tom, "rsvp S1")
    world.clock.set(datetime(2027, 3, 28, 0, 49, tzinfo=UTC))
    assert "opens at Sun 28 Mar 2027, 01:50 CET" in await world.said(tom, "checkin S1")
    world.clock.set(datetime(2027, 3, 28, 0, 50, tzinfo=UTC))
    assert "You're checked in to *S1* Night shift briefing at 01:50 CET" in await world.said(tom, "checkin S1")


async def test_another_organizations_session_is_out_of_reach_by_reference_and_by_code(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    other = await make_world(db, tmp_path)
    await scheduled(other)
    ((code,),) = await world.sql(
        "SELECT checkin_code FROM training_sessions WHERE organization_id = :o", o=other.org.id
    )
    world.clock.set(START)
    tom = world.trainees[0]
    assert "no upcoming sessions" in await world.said(tom, "sessions")
    assert "There is no session S1 for you" in await world.said(tom, "rsvp S1")
    assert f"No session has the check-in code {code}" in await world.said(tom, f"checkin {code}")
    assert await world.sql("SELECT 1 FROM session_attendances") == []
