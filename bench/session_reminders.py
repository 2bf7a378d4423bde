"""Session start reminders: one job run that finds and enqueues 10,000 of them, and the runs every minute after.

Run from the project root:  .venv/bin/python -m bench.session_reminders [SESSIONS] [SEATS]
It creates a throwaway database (on TEST_DATABASE_URL, the local server, or an embedded one) with one
organization, SESSIONS sessions (default 500) starting in the same minute a day from now, each with SEATS people
registered (default 20), and drops it afterwards. Measured:
- due: the job run at the moment the 24-hour reminders fall due (every seat holder's reminder found, its reply
  made, its delivery row and pgqueuer job written, in batches of 2,000);
- idle: the same job a minute later, when every reminder is enqueued already (what each minute costs while
  these sessions are upcoming);
- sessions ahead, none due: the job with the sessions a week away (nothing whose time has come).
"""

import asyncio
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

if not __package__:  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.engine import URL

from bot.database import create_engine, create_sessionmaker
from domain.sessions.reminders import remind_session_starts
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.support.clock import SettableClock
from tests.support.databases import database_server, throwaway_database

SETUP = (
    """INSERT INTO organizations (id, name, slug, settings)
       VALUES (:org, 'Acme Corporation', 'bench-org', '{"quiet_hours": false}')""",
    """INSERT INTO users (organization_id, employee_id, username, email, password_hash, first_name, last_name, role)
       SELECT :org, 'E' || n, 'user' || n, 'user' || n || '@bench.example', '!', 'Trainee', 'Number ' || n,
              CASE WHEN n = 0 THEN 'instructor' ELSE 'trainee' END
       FROM generate_series(0, :people) n""",
    """INSERT INTO training_sessions (organization_id, title, instructor_id, start_time, end_time, location)
       SELECT :org, 'Session ' || n, (SELECT id FROM users WHERE employee_id = 'E0'), :start,
              CAST(:start AS timestamptz) + interval '1 hour', 'Room ' || n
       FROM generate_series(1, :sessions) n""",
    """INSERT INTO session_attendances (session_id, user_id, created_at)
       SELECT s.id, u.id, now() - interval '1 day'
       FROM (SELECT id, row_number() OVER (ORDER BY reference) - 1 AS k FROM training_sessions) s
       JOIN (SELECT id, row_number() OVER (ORDER BY employee_id) - 1 AS k FROM users WHERE role = 'trainee') u
         ON u.k / :seats = s.k""",
    "ANALYZE",
)


async def timed_run(units: PostgresUnitsOfWork, at: datetime) -> tuple[int, float]:
    started = time.perf_counter()
    enqueued = await remind_session_starts(units, SettableClock(at))
    return enqueued, time.perf_counter() - started


async def measure(url: URL, sessions: int, seats: int) -> None:
    org = uuid.uuid4()
    start = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
    engine = create_engine(url, pool_size=2)
    async with engine.begin() as connection:
        parameters = {"org": org, "people": sessions * seats, "sessions": sessions, "seats": seats, "start": start}
        for statement in SETUP:
            await connection.execute(text(statement), parameters)
    units = PostgresUnitsOfWork(create_sessionmaker(engine))

    ahead, ahead_seconds = await timed_run(units, start - timedelta(days=7))
    due, due_seconds = await timed_run(units, start - timedelta(hours=24))
    idle, idle_seconds = await timed_run(units, start - timedelta(hours=23, minutes=59))
    async with engine.connect() as connection:
        jobs = await connection.scalar(text("SELECT count(*) FROM pgqueuer"))
    await engine.dispose()

    people = sessions * seats
    assert (ahead, due, idle, jobs) == (0, people, 0, people), (ahead, due, idle, jobs)
    print(f"{sessions} sessions x {seats} seats = {people} people registered")
    print(f"due:   {due} reminders enqueued in {due_seconds:.2f} s ({due / due_seconds:,.0f} per second)")
    print(f"idle:  the next minute's run, all enqueued already: {idle_seconds * 1000:.0f} ms")
    print(f"ahead: a week before, nothing due: {ahead_seconds * 1000:.0f} ms")


async def main(sessions: int, seats: int) -> None:
    async with database_server() as server, throwaway_database(server) as url:
        await measure(url, sessions, seats)


if __name__ == "__main__":
    arguments = [int(argument) for argument in sys.argv[1:3]]
    asyncio.run(main(*(arguments + [500, 20][len(arguments) :])))
