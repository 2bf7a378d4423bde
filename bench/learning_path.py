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

Measured as shipped: "continue" and "done" by trainees all along the course (a "done" now and then
completes a module or the course), and apart, "done" on a course's last item, which completes the course
(the trainee's enrollment is put back before each sample, outside the timing).
"""

import asyncio
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
from bot.bootstrap import engine_event_handlers
from bot.database import create_engine, create_sessionmaker
from domain import certificates
from domain.learning import HANDLERS, CompleteItem, ContinueCourse
from domain.messagebus import MessageBus
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.support.databases import database_server, throwaway_database

MODULES, ITEMS, TRAINEES = 10, 10, 1000
TARGET_ROUND_TRIPS, TARGET_MEDIAN_MS = 3, 5.0
LAST_ITEM = MODULES * ITEMS

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


def served_bus(engine: AsyncEngine) -> MessageBus:
    """The learning handlers with the event handlers `learnbot serve` wires (a completion issues a certificate
    when the course is certified: the bench course is not)."""
    links = certificates.Links("https://learn.example")
    events = engine_event_handlers(certificates.event_handlers(links))
    return MessageBus(PostgresUnitsOfWork(create_sessionmaker(engine)), HANDLERS, events)


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


async def measure_time(url: URL, org: uuid.UUID, trainees: list[uuid.UUID], samples: int) -> dict[str, list[float]]:
    engine = create_engine(url)
    bus = served_bus(engine)
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


class LastItem:
    """Trainees with every item but the last done and the last one open, each put back so before its sample.

    They take turns, and the tables are vacuumed now and then (outside the timing): one row completed and
    put back hundreds of times piles up dead index entries that a real course completion never meets."""

    VACUUM_EVERY = 50

    def __init__(self, url: URL, org: uuid.UUID, trainees: list[uuid.UUID]) -> None:
        self.owner = create_engine(url)
        self.org, self.trainees = org, trainees
        self.command = CompleteItem()  # the item opened last
        self.turns = 0

    async def open(self, bus: MessageBus) -> None:
        for trainee in self.trainees:
            await bus.handle(trainee, self.org, ContinueCourse(course_code="BENCH-101"))

    async def next_trainee(self) -> uuid.UUID:
        """The next trainee, put back to the last item."""
        trainee = self.trainees[self.turns % len(self.trainees)]
        self.turns += 1
        if self.turns % self.VACUUM_EVERY == 0:
            async with self.owner.connect() as connection:
                await connection.execution_options(isolation_level="AUTOCOMMIT")
                await connection.execute(text("VACUUM progress, enrollments"))
        async with self.owner.begin() as connection:
            await connection.execute(text(PUT_BACK), {"trainee": trainee, "items": ITEMS})
        return trainee

    async def close(self) -> None:
        await self.owner.dispose()


# Undo what completing the last item did: the item, its module, the enrollment.
PUT_BACK = """
WITH e AS (SELECT id FROM enrollments WHERE trainee_id = :trainee),
last AS (
    SELECT m.id AS module_id, c.id AS content_id FROM modules m JOIN content c ON c.module_id = m.id
    WHERE m."order" = CAST(:items AS int) AND c."order" = CAST(:items AS int)
), item AS (
    UPDATE progress p SET status = 'in_progress', completed_at = NULL, progress_percentage = 0,
                          last_accessed_at = now()
    FROM e, last WHERE p.enrollment_id = e.id AND p.module_id = last.module_id
      AND (p.content_id = last.content_id OR p.content_id IS NULL)
)
UPDATE enrollments SET status = 'in_progress', completed_at = NULL, progress_percentage = 99
WHERE id IN (SELECT id FROM e)
"""


async def measure_completion_time(url: URL, last: LastItem, samples: int) -> list[float]:
    engine = create_engine(url)
    bus = served_bus(engine)
    await last.open(bus)
    times = []
    for n in range(samples + 5):  # the first five warm the plans
        trainee = await last.next_trainee()
        started = time.perf_counter()
        [reply] = await bus.handle(trainee, last.org, last.command)
        if n >= 5:
            times.append((time.perf_counter() - started) * 1000)
        assert "You have completed" in reply.text, reply.text
    await engine.dispose()
    return times


async def measure_round_trips(
    url: URL, org: uuid.UUID, trainee: uuid.UUID, last: LastItem
) -> dict[str, tuple[int, ...]]:
    proxy = RoundTripCounter(str(url.host), int(url.port or 5432))
    engine = create_engine(url.set(host="127.0.0.1", port=await proxy.start()))
    sqlalchemy = SqlAlchemyCounter(engine)
    bus = served_bus(engine)
    for _ in range(3):  # warm: connection, prepared statements
        await bus.handle(trainee, org, ContinueCourse(course_code="BENCH-101"))
        await bus.handle(trainee, org, CompleteItem())
        await bus.handle(await last.next_trainee(), org, last.command)
    counts: dict[str, tuple[int, ...]] = {}
    async with engine.connect():  # what one pool checkout costs on its own
        pass
    proxy.round_trips = 0
    async with engine.connect():
        pass
    checkout = proxy.round_trips
    commands = (
        ("continue", trainee, ContinueCourse(course_code="BENCH-101")),
        ("done", trainee, CompleteItem()),
        ("done, last item", await last.next_trainee(), last.command),
    )
    for name, who, command in commands:
        sqlalchemy.reset()
        proxy.round_trips = 0
        await bus.handle(who, org, command)
        counts[name] = (sqlalchemy.statements, sqlalchemy.begins, sqlalchemy.commits, proxy.round_trips, checkout)
    await engine.dispose()
    return counts


def report(times: dict[str, list[float]], trips: dict[str, tuple[int, ...]]) -> None:
    for name, durations in times.items():
        durations = sorted(durations)
        median = statistics.median(durations)
        p95 = durations[int(len(durations) * 0.95) - 1]
        statements, begins, commits, wire, checkout = trips[name]
        in_transaction = wire - checkout
        print(
            f"{name:>15}: median {median:.2f} ms (p95 {p95:.2f} ms, target < {TARGET_MEDIAN_MS} ms,"
            f" {len(durations)} samples)"
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
        print("as shipped (no pool pre-ping; done settles in its one statement since migration 0007):")
        # One trainee counts round trips with most of the course ahead; those one item short finish it again and again.
        probe = next(trainee for trainee, done in trainees if done < LAST_ITEM // 2)
        finishers = [trainee for trainee, done in trainees if done == LAST_ITEM - 1]
        timed = [trainee for trainee, _ in trainees if trainee != probe and trainee not in finishers]
        last = LastItem(url, org, finishers)
        try:
            times = await measure_time(url, org, timed, samples)
            times["done, last item"] = await measure_completion_time(url, last, samples)
            report(times, await measure_round_trips(url, org, probe, last))
        finally:
            await last.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 400))
