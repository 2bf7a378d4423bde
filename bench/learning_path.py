"""How fast "continue" and "done" are, and how many database round trips they take, through MessageBus.handle.

Run from the project root:  .venv/bin/python -m bench.learning_path [SAMPLES]
It creates a throwaway database (on TEST_DATABASE_URL, the local server, or an embedded one) holding a
course of 10 modules x 10 items with 1,000 enrolled trainees, and drops it afterwards.

Round trips are counted two ways:
- SQLAlchemy's view: statements (before_cursor_execute) plus its BEGIN and COMMIT events;
- the wire's view: a TCP proxy in front of PostgreSQL counts each time the client speaks after the server
  did. This also sees what SQLAlchemy does not report: the unit of work's BEGIN + tenant message, asyncpg's
  statement preparation, and the connection pool's pre-ping when it is on (bot.database turns it off).
Times are measured without the proxy.

Two configurations are measured: as shipped (no pool pre-ping; calculate_enrollment_progress in PL/pgSQL,
migration 0006, so PostgreSQL caches its plan per connection), and, for comparison, the earlier state:
the pool pinging on every checkout and the function in SQL (PostgreSQL 15 plans a SQL-language function's
body again on every call, which under row-level security costs milliseconds).
"""

import asyncio
import importlib
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

if not __package__:  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.round_trips import RoundTripCounter
from bot.database import create_engine, create_sessionmaker
from domain.learning import HANDLERS, CompleteItem, ContinueCourse
from domain.messagebus import MessageBus
from tests.support.databases import database_server, throwaway_database

MODULES, ITEMS, TRAINEES = 10, 10, 1000
PROGRESS_FUNCTIONS = importlib.import_module("migrations.versions.0006_progress_plpgsql")
TARGET_ROUND_TRIPS, TARGET_MEDIAN_MS = 3, 5.0
# (title, pool pre-ping, calculate_enrollment_progress in PL/pgSQL)
CONFIGURATIONS = (
    (
        "with the pool's pre-ping and calculate_enrollment_progress as a SQL function (before migration 0006):",
        True,
        False,
    ),
    ("as shipped (no pre-ping; calculate_enrollment_progress in PL/pgSQL since migration 0006):", False, True),
)

SETUP = (
    "INSERT INTO organizations (id, name, slug) VALUES (:org, 'Bench Org', 'bench-org')",
    """INSERT INTO users (organization_id, employee_id, username, email, password_hash, first_name, last_name, role)
       SELECT :org, 'E' || n, 'user' || n, 'user' || n || '@bench.example', '!', 'Trainee', n::text,
              CASE WHEN n = 0 THEN 'instructor' ELSE 'trainee' END
       FROM generate_series(0, :trainees) n""",
    """INSERT INTO courses (id, organization_id, course_code, title, instructor_id, status, is_public)
       SELECT :course, :org, 'BENCH-101', 'Bench course', id, 'published', true FROM users WHERE employee_id = 'E0'""",
    """INSERT INTO modules (course_id, title, "order")
       SELECT :course, 'Module ' || m, m FROM generate_series(1, :modules) m""",
    """INSERT INTO content (module_id, content_type, title, "order", content_data)
       SELECT m.id, 'text', 'Item ' || i, i, jsonb_build_object('body', 'Read this.')
       FROM modules m, generate_series(1, :items) i""",
    """INSERT INTO enrollments (trainee_id, course_id) SELECT id, :course FROM users WHERE role = 'trainee'""",
    # Everyone somewhere along the course: enrollment n has done (37 n mod 100) items, in order.
    """CREATE TEMPORARY TABLE position AS
       SELECT id AS enrollment_id,
              (row_number() OVER (ORDER BY id) * 37 % (CAST(:modules AS int) * CAST(:items AS int)))::int AS done
       FROM enrollments""",
    """INSERT INTO progress (enrollment_id, module_id, content_id, status, progress_percentage,
                           started_at, completed_at, last_accessed_at, time_spent)
       SELECT p.enrollment_id, m.id, c.id, 'completed', 100, now() - interval '1 day', now() - interval '1 day',
              now() - interval '1 day', 60
       FROM position p, modules m JOIN content c ON c.module_id = m.id
       WHERE (m."order" - 1) * :items + c."order" <= p.done""",
    """INSERT INTO progress (enrollment_id, module_id, content_id, status, progress_percentage,
                           started_at, completed_at, last_accessed_at)
       SELECT p.enrollment_id, m.id, NULL, 'completed', 100, now() - interval '1 day', now() - interval '1 day',
              now() - interval '1 day'
       FROM position p, modules m WHERE m."order" * :items <= p.done""",
    """UPDATE enrollments e SET status = 'in_progress', started_at = now() - interval '2 days',
                             progress_percentage = calculate_enrollment_progress(e.id)
       FROM position p WHERE p.enrollment_id = e.id AND p.done > 0""",
    "ANALYZE",
)


class SqlAlchemyCounter:
    """What SQLAlchemy reports: statements, BEGINs and COMMITs."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.statements = self.begins = self.commits = 0
        sync = engine.sync_engine
        event.listen(sync, "before_cursor_execute", lambda *a: self._add("statements"))
        event.listen(sync, "begin", lambda *a: self._add("begins"))
        event.listen(sync, "commit", lambda *a: self._add("commits"))

    def _add(self, name: str) -> None:
        setattr(self, name, getattr(self, name) + 1)

    def reset(self) -> None:
        self.statements = self.begins = self.commits = 0


async def build(url: URL) -> tuple[uuid.UUID, list[tuple[uuid.UUID, int]]]:
    """The organization, and every trainee with the number of items they have done."""
    org, course = uuid.uuid4(), uuid.uuid4()
    engine = create_engine(url)
    params = {"org": org, "course": course, "trainees": TRAINEES, "modules": MODULES, "items": ITEMS}
    async with engine.begin() as connection:
        for statement in SETUP:
            await connection.execute(text(statement), {k: v for k, v in params.items() if f":{k}" in statement})
        positions = await connection.execute(
            text("SELECT e.trainee_id, p.done FROM enrollments e JOIN position p ON p.enrollment_id = e.id ORDER BY 1")
        )
        trainees = [(row.trainee_id, row.done) for row in positions]
    await engine.dispose()
    return org, trainees


def engine_for(url: URL, pre_ping: bool) -> AsyncEngine:
    engine = create_engine(url)
    engine.sync_engine.pool._pre_ping = pre_ping  # what bot.database.create_engine sets, or not
    return engine


async def measure_time(
    url: URL, org: uuid.UUID, trainees: list[uuid.UUID], samples: int, pre_ping: bool
) -> dict[str, list[float]]:
    engine = engine_for(url, pre_ping)
    bus = MessageBus(create_sessionmaker(engine), HANDLERS)
    code = ContinueCourse(course_code="BENCH-101")
    done = CompleteItem()
    for trainee in trainees[-20:]:  # warm the pool, prepared statements and plans
        await bus.handle(trainee, org, code)
        await bus.handle(trainee, org, done)
    results: dict[str, list[float]] = {"continue": [], "done": []}
    for n in range(samples):
        trainee = trainees[n % (len(trainees) - 20)]  # another trainee each round, each somewhere along the course
        for name, command in (("continue", code), ("done", done)):
            started = time.perf_counter()
            await bus.handle(trainee, org, command)
            results[name].append((time.perf_counter() - started) * 1000)
    await engine.dispose()
    return results


async def measure_round_trips(
    url: URL, org: uuid.UUID, trainee: uuid.UUID, pre_ping: bool
) -> dict[str, tuple[int, ...]]:
    proxy = RoundTripCounter(str(url.host), int(url.port or 5432))
    engine = engine_for(url.set(host="127.0.0.1", port=await proxy.start()), pre_ping)
    sqlalchemy = SqlAlchemyCounter(engine)
    bus = MessageBus(create_sessionmaker(engine), HANDLERS)
    for _ in range(3):  # warm: connection, prepared statements
        await bus.handle(trainee, org, ContinueCourse(course_code="BENCH-101"))
        await bus.handle(trainee, org, CompleteItem())
    counts: dict[str, tuple[int, ...]] = {}
    async with engine.connect():  # what one pool checkout costs on its own
        pass
    proxy.round_trips = 0
    async with engine.connect():
        pass
    checkout = proxy.round_trips
    for name, command in (("continue", ContinueCourse(course_code="BENCH-101")), ("done", CompleteItem())):
        sqlalchemy.reset()
        proxy.round_trips = 0
        await bus.handle(trainee, org, command)
        counts[name] = (sqlalchemy.statements, sqlalchemy.begins, sqlalchemy.commits, proxy.round_trips, checkout)
    await engine.dispose()
    return counts


def report(title: str, times: dict[str, list[float]], trips: dict[str, tuple[int, ...]]) -> None:
    print(title)
    for name in ("continue", "done"):
        durations = sorted(times[name])
        median = statistics.median(durations)
        p95 = durations[int(len(durations) * 0.95) - 1]
        statements, begins, commits, wire, checkout = trips[name]
        in_transaction = wire - checkout
        print(
            f"{name:>9}: median {median:.2f} ms (p95 {p95:.2f} ms, target < {TARGET_MEDIAN_MS} ms)"
            f" | SQLAlchemy: {statements} statements + {begins} BEGIN + {commits} COMMIT"
            f" | wire: {wire} round trips = {checkout} pool checkout + {in_transaction} for the command"
            f" (target <= {TARGET_ROUND_TRIPS})"
        )


async def main(samples: int) -> None:
    async with database_server() as server, throwaway_database(server) as url:
        org, trainees = await build(url)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"course: {MODULES} modules x {ITEMS} items, {TRAINEES} enrolled trainees; {samples} samples each")
        print(f"machine: {os.cpu_count()} CPUs, load average {load} (times rise with the load)")
        # Two disjoint groups of trainees; each counts round trips on one with most of the course ahead.
        for number, (title, pre_ping, cached) in enumerate(CONFIGURATIONS):
            group = trainees[number::2]
            probe = next(trainee for trainee, done in group if done < MODULES * ITEMS // 2)
            timed = [trainee for trainee, _ in group if trainee != probe]
            await set_progress_function(url, cached)
            times = await measure_time(url, org, timed, samples, pre_ping)
            report(title, times, await measure_round_trips(url, org, probe, pre_ping))


async def set_progress_function(url: URL, plpgsql: bool) -> None:
    engine = create_engine(url)
    functions = PROGRESS_FUNCTIONS
    async with engine.begin() as connection:
        await connection.execute(text(functions.PLPGSQL_FUNCTION if plpgsql else functions.SQL_FUNCTION_AGAIN))
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 400))
