"""`learnbot session attendance S1 --org SLUG` and `learnbot session list`: CSV in the organization's time zone."""

import asyncio
import csv
import io
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.integration.chat.test_commands import learnbot
from tests.integration.sessions.test_attending import START
from tests.integration.sessions.world import make_world


async def test_the_attendance_of_a_session_exports_as_csv_with_local_times(
    db: async_sessionmaker[AsyncSession], database_url: URL, tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    await world.said(world.instructor, "session add Fire safety | 2026-12-08 10:00 | 11:30 | Room 4 | IT | 20")
    tom, tina, toby = world.trainees
    for trainee in world.trainees:
        await world.said(trainee, "rsvp S1")
    world.clock.set(START - timedelta(minutes=10))
    await world.said(tom, "checkin S1")
    await world.said(world.instructor, f"mark S1 {toby.email} excused sick, with a note")

    out = tmp_path / "attendance.csv"
    done = await asyncio.to_thread(
        learnbot, database_url, tmp_path, "session", "attendance", "S1", "--org", world.org.slug, "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    by_email = {row["email"]: row for row in rows}
    assert set(by_email) == {tom.email, tina.email, toby.email}
    assert by_email[tom.email]["status"] == "attended"
    assert by_email[tom.email]["check_in_time"] == "2026-12-08T09:50:00+01:00"
    assert by_email[tom.email]["start"] == "2026-12-08T10:00:00+01:00"
    assert by_email[tom.email]["department"] == "Information Technology"
    assert (by_email[toby.email]["status"], by_email[toby.email]["notes"]) == ("excused", "sick, with a note")
    assert by_email[tina.email]["check_in_time"] == ""

    listed = await asyncio.to_thread(learnbot, database_url, tmp_path, "session", "list", "--org", world.org.slug)
    assert listed.returncode == 0, listed.stderr
    (session,) = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert (session["session"], session["seats"], session["registered"]) == ("S1", "20", "2")


async def test_an_unknown_session_is_one_line_on_stderr_and_a_failure(
    db: async_sessionmaker[AsyncSession], database_url: URL, tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path)
    missing = await asyncio.to_thread(
        learnbot, database_url, tmp_path, "session", "attendance", "S7", "--org", world.org.slug
    )
    assert missing.returncode == 1
    assert missing.stderr == "learnbot: There is no session S7.\n"
    bad = await asyncio.to_thread(
        learnbot, database_url, tmp_path, "session", "attendance", "tomorrow", "--org", world.org.slug
    )
    assert bad.returncode == 1
    assert "no session reference" in bad.stderr
