"""Scheduling sessions by chat, in the organization's time zone, in one line or step by step."""

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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
