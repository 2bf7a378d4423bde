"""How fast "answer a question" is, and how many database round trips it takes, through MessageBus.handle.

Run from the project root:  .venv/bin/python -m bench.answer_question [SAMPLES]
It creates a throwaway database (on TEST_DATABASE_URL, the local server, or an embedded one) holding a
20-question quiz with a time limit and 1,000 trainees, each in the middle of an attempt, and drops it
afterwards. Every sample answers a not-yet-answered question (never the last one, which would submit).

Round trips are counted two ways:
- SQLAlchemy's view: statements (before_cursor_execute) plus its BEGIN and COMMIT events;
- the wire's view: a TCP proxy in front of PostgreSQL counts each time the client speaks after the server
  did, which also sees the unit of work's BEGIN + tenant message and the pool's pre-ping.
Times are measured without the proxy.
"""

import asyncio
import json
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
from domain.assessments.commands import AnswerQuestion
from domain.assessments.handlers import HANDLERS
from domain.messagebus import MessageBus
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.support.databases import database_server, throwaway_database

TRAINEES, QUESTIONS, WARM_UP = 1000, 20, 20
TARGET_ROUND_TRIPS, TARGET_MEDIAN_MS = 3, 5.0

QUIZ = {
    "questions": [
        {
            "id": f"q{n}",
            "type": "multiple_choice",
            "question": f"Question {n}: which option is right?",
            "options": ["First", "Second", "Third", "Fourth"],
            "correct_answer": n % 4,
            "points": 1,
            "explanation": "Because the bench says so.",
        }
        for n in range(1, QUESTIONS + 1)
    ]
}
ORDER = json.dumps([f"q{n}" for n in range(1, QUESTIONS + 1)])

SETUP = (
    "INSERT INTO organizations (id, name, slug) VALUES (:org, 'Bench Org', 'bench-org')",
    """INSERT INTO users (organization_id, employee_id, username, email, password_hash, first_name, last_name, role)
       SELECT :org, 'E' || n, 'user' || n, 'user' || n || '@bench.example', '!', 'Trainee', n::text,
              CASE WHEN n = 0 THEN 'instructor' ELSE 'trainee' END
       FROM generate_series(0, :trainees) n""",
    """INSERT INTO courses (id, organization_id, course_code, title, instructor_id, status, is_public)
       SELECT :course, :org, 'BENCH-101', 'Bench course', id, 'published', true FROM users WHERE employee_id = 'E0'""",
    """INSERT INTO assessments (id, course_id, title, time_limit, max_attempts, questions, settings)
       VALUES (:quiz, :course, 'Bench quiz', 60, 3, CAST(:questions AS jsonb), '{"shuffle_options": true}')""",
    """INSERT INTO enrollments (trainee_id, course_id, status) SELECT id, :course, 'in_progress'
       FROM users WHERE role = 'trainee'""",
    """INSERT INTO assessment_attempts (enrollment_id, assessment_id, attempt_number, answers)
       SELECT e.id, :quiz, 1, jsonb_build_object('answers', '[]'::jsonb, 'order', CAST(:order AS jsonb),
              'options', jsonb_build_object(), 'deadline', to_jsonb(now() + interval '1 day'))
       FROM enrollments e""",
    "ANALYZE",
)


class SqlAlchemyCounter:
    """What SQLAlchemy reports: statements, BEGINs and COMMITs."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.counts = {"statements": 0, "begins": 0, "commits": 0}
        sync = engine.sync_engine
        event.listen(sync, "before_cursor_execute", lambda *a: self._add("statements"))
        event.listen(sync, "begin", lambda *a: self._add("begins"))
        event.listen(sync, "commit", lambda *a: self._add("commits"))

    def _add(self, name: str) -> None:
        self.counts[name] += 1

    def reset(self) -> None:
        self.counts = dict.fromkeys(self.counts, 0)


async def build(url: URL) -> tuple[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID]]]:
    """The organization and every (trainee, attempt)."""
    org, course, quiz = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    engine = create_engine(url)
    params = {
        "org": org,
        "course": course,
        "quiz": quiz,
        "trainees": TRAINEES,
        "questions": json.dumps(QUIZ),
        "order": ORDER,
    }
    async with engine.begin() as connection:
        for statement in SETUP:
            await connection.execute(text(statement), {k: v for k, v in params.items() if f":{k}" in statement})
        rows = await connection.execute(
            text(
                "SELECT e.trainee_id, a.id FROM assessment_attempts a JOIN enrollments e ON e.id = a.enrollment_id "
                "ORDER BY e.trainee_id"
            )
        )
        people = [(trainee, attempt) for trainee, attempt in rows]
    await engine.dispose()
    return org, people


def answer(attempt_id: uuid.UUID, number: int) -> AnswerQuestion:
    return AnswerQuestion(attempt_id=attempt_id, number=number, answer=str(number % 4))


async def measure_time(
    url: URL, org: uuid.UUID, people: list[tuple[uuid.UUID, uuid.UUID]], samples: int
) -> list[float]:
    engine = create_engine(url)
    bus = MessageBus(PostgresUnitsOfWork(create_sessionmaker(engine)), HANDLERS)
    for trainee, attempt in people[-WARM_UP:]:  # warm the pool, prepared statements and plans
        await bus.handle(trainee, org, answer(attempt, 1))
    durations = []
    rounds = len(people) - WARM_UP
    for n in range(samples):
        trainee, attempt = people[n % rounds]
        number = n // rounds + 1  # each trainee's next question; at most QUESTIONS - 1 rounds
        started = time.perf_counter()
        replies = await bus.handle(trainee, org, answer(attempt, number))
        durations.append((time.perf_counter() - started) * 1000)
        assert f"Question {number + 1} of {QUESTIONS}" in replies[-1].text, replies
    await engine.dispose()
    return durations


async def measure_round_trips(url: URL, org: uuid.UUID, people: list[tuple[uuid.UUID, uuid.UUID]]) -> dict[str, int]:
    proxy = RoundTripCounter(str(url.host), int(url.port or 5432))
    engine = create_engine(url.set(host="127.0.0.1", port=await proxy.start()))
    sqlalchemy = SqlAlchemyCounter(engine)
    bus = MessageBus(PostgresUnitsOfWork(create_sessionmaker(engine)), HANDLERS)
    trainee, attempt = people[-1]
    for number in (2, 3, 4):  # warm: connection, prepared statements (the warm-up answered question 1)
        await bus.handle(trainee, org, answer(attempt, number))
    proxy.round_trips = 0
    async with engine.connect():  # what one pool checkout costs on its own
        pass
    checkout = proxy.round_trips
    sqlalchemy.reset()
    proxy.round_trips = 0
    await bus.handle(trainee, org, answer(attempt, 5))
    counts = {**sqlalchemy.counts, "wire": proxy.round_trips, "checkout": checkout}
    await engine.dispose()
    return counts


def report(durations: list[float], trips: dict[str, int]) -> None:
    ordered = sorted(durations)
    median = statistics.median(ordered)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(f"quiz: {QUESTIONS} questions, {TRAINEES} trainees mid-attempt; {len(durations)} samples")
    print(
        f"answer a question: median {median:.2f} ms (p95 {p95:.2f} ms, target < {TARGET_MEDIAN_MS} ms)"
        f" | SQLAlchemy: {trips['statements']} statements + {trips['begins']} BEGIN + {trips['commits']} COMMIT"
        f" | wire: {trips['wire']} round trips = {trips['checkout']} pool pre-ping"
        f" + {trips['wire'] - trips['checkout']} for the command (target <= {TARGET_ROUND_TRIPS})"
    )


async def main(samples: int) -> None:
    if samples > (TRAINEES - WARM_UP) * (QUESTIONS - 1):
        sys.exit(f"at most {(TRAINEES - WARM_UP) * (QUESTIONS - 1)} samples")
    async with database_server() as server, throwaway_database(server) as url:
        org, people = await build(url)
        durations = await measure_time(url, org, people, samples)
        trips = await measure_round_trips(url, org, people)
    report(durations, trips)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 500))
