"""Sessions on the console, scripted through stdin of `learnbot chat --as ...` with the sample organization
(Europe/Berlin) and the real clock: a session starting in ten minutes is open for check-in, tomorrow's is not."""

import asyncio
import csv
import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.commands.demo import load_samples
from bot.runtime import Database
from tests.integration.chat.test_commands import learnbot
from tests.integration.chat.test_console import IRENE, TOM, run

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(moment: datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M")


async def test_on_the_console_an_instructor_schedules_a_trainee_rsvps_checks_in_and_out_and_it_exports(
    db: async_sessionmaker[AsyncSession], engine: AsyncEngine, database_url: URL, tmp_path: Path
) -> None:
    await load_samples(Database(engine, db, embedded=False))
    soon = datetime.now(BERLIN) + timedelta(minutes=10)
    tomorrow = soon + timedelta(days=1)
    scheduling = await run(
        IRENE,
        [
            f"session add Console drill | {berlin(soon)} | {berlin(soon + timedelta(hours=1))} | Room 1 | IT | 5",
            f"session add Tomorrow's drill | {berlin(tomorrow)} | {berlin(tomorrow + timedelta(hours=1))}",
        ],
        database_url,
        tmp_path,
    )
    assert "Scheduled S1 Console drill" in scheduling
    assert "Scheduled S2 Tomorrow's drill" in scheduling
    code = re.search(r"Check-in code: ([A-Z]{6})", scheduling)
    assert code is not None, scheduling

    # sessions; [1] RSVP S1; sessions; [1] Check in S1; [1] Check out S1; S2 is not open yet.
    trainee = await run(TOM, ["sessions", "1", "sessions", "1", "1", "rsvp S2", "checkin S2"], database_url, tmp_path)
    assert "[1] RSVP S1" in trainee
    assert "You're registered for S1 Console drill" in trainee
    assert "[1] Check in S1" in trainee
    assert "You're checked in to S1 Console drill" in trainee
    assert "You're checked out of S1 Console drill" in trainee
    assert "Check-in for S2 Tomorrow's drill opens at" in trainee

    walk_in = await run("tina.tech@acme.example", [f"checkin {code.group(1)}"], database_url, tmp_path)
    assert "You're checked in to S1 Console drill" in walk_in
    marked = await run(
        IRENE, ["mark S2 tom.trainee@acme.example excused on leave", "attendance S1"], database_url, tmp_path
    )
    assert "Tom Trainee is now excused for S2" in marked
    assert "0 registered · 2 attended · 0 absent · 0 excused · 5 seats" in marked

    exported = await asyncio.to_thread(learnbot, database_url, tmp_path, "session", "attendance", "S1", "--org", "acme")
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert sorted((row["email"], row["status"]) for row in rows) == [
        ("tina.tech@acme.example", "attended"),
        (TOM, "attended"),
    ]
    assert all(row["check_in_time"].endswith(("+01:00", "+02:00")) for row in rows)
