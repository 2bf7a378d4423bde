"""The review-nudge job on 10,000 trainees with three due cards each: the time to find and enqueue today's nudges
(one per person), a second run the same day (nothing left to send), and answering a nudge (median and p95).

Run from the project root:  .venv/bin/python -m bench.nudges [PEOPLE]
It creates a throwaway database (on TEST_DATABASE_URL, the local server, or an embedded one), and drops it.
"""

import asyncio
import json
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

if not __package__:  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.database import create_engine, create_sessionmaker
from domain.messagebus import MessageBus
from domain.nudges import handlers
from domain.nudges.commands import AnswerReview
from domain.nudges.schedule import first_review
from domain.nudges.sending import send_due_nudges
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.support.clock import SettableClock
from tests.support.databases import database_server, throwaway_database

QUIZ_DAY = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
QUESTIONS = {
    "questions": [
        {"id": f"q{n}", "type": "true_false", "question": f"Statement {n} is true.", "correct_answer": True}
        for n in range(1, 4)
    ]
}
ANSWERS = 200

SETUP = (
    """INSERT INTO organizations (id, name, slug, settings)
       VALUES (:org, 'Bench Corp', 'bench', '{"quiet_hours": false}')""",
    """INSERT INTO users (id, organization_id, employee_id, username, email, password_hash, first_name, last_name,
                          role)
       VALUES (:instructor, :org, 'E0', 'irene', 'irene@bench.example', '!', 'Irene', 'Instructor', 'instructor')""",
    """INSERT INTO courses (id, organization_id, course_code, title, instructor_id, status)
       VALUES (:course, :org, 'SEC-101', 'Security', :instructor, 'published')""",
    """INSERT INTO assessments (id, course_id, title, questions)
       VALUES (:quiz, :course, 'Security quiz', CAST(:questions AS jsonb))""",
    """INSERT INTO users (organization_id, employee_id, username, email, password_hash, first_name, last_name, role)
       SELECT :org, 'E' || n, 'person' || n, 'person.' || n || '@bench.example', '!', 'Person', 'Number ' || n,
              'trainee'
       FROM generate_series(1, :people) AS n""",
    """INSERT INTO enrollments (trainee_id, course_id, status)
       SELECT id, :course, 'completed' FROM users WHERE role = 'trainee'""",
    """INSERT INTO chat_identities (organization_id, user_id, platform, workspace_id, platform_user_id, dm_chat_id)
       SELECT :org, id, 'telegram', '', 100000 + row_number() OVER (), 100000 + row_number() OVER ()
       FROM users WHERE role = 'trainee'""",
    """INSERT INTO review_cards (organization_id, trainee_id, enrollment_id, assessment_id, question_id, fsrs_card,
                                 due_at, last_rating, last_reviewed_at)
       SELECT :org, e.trainee_id, e.id, :quiz, 'q' || q, CAST(:card AS jsonb), :due, 1,
              :reviewed
       FROM enrollments e CROSS JOIN generate_series(1, 3) AS q""",
)


async def seed(sessionmaker: async_sessionmaker[AsyncSession], people: int) -> uuid.UUID:
    ids = {"org": uuid.uuid4(), "instructor": uuid.uuid4(), "course": uuid.uuid4(), "quiz": uuid.uuid4()}
    reviewed = first_review(QUIZ_DAY)
    parameters = {
        **ids,
        "questions": json.dumps(QUESTIONS),
        "people": people,
        "card": json.dumps(reviewed.card),
        "due": reviewed.due_at,
        "reviewed": QUIZ_DAY,
    }
    async with sessionmaker() as session:
        for statement in SETUP:
            await session.execute(text(statement), parameters)
        await session.commit()
        await session.execute(text("ANALYZE"))
        await session.commit()
    return ids["org"]


async def main(people: int) -> None:
    async with database_server() as server, throwaway_database(server) as url:
        engine = create_engine(url, pool_size=4)
        try:
            sessionmaker = create_sessionmaker(engine)
            org = await seed(sessionmaker, people)
            units = PostgresUnitsOfWork(sessionmaker)
            clock = SettableClock(QUIZ_DAY + timedelta(days=1, hours=1))

            started = time.perf_counter()
            sent = await send_due_nudges(units, clock)
            first = time.perf_counter() - started
            started = time.perf_counter()
            again = await send_due_nudges(units, clock)
            second = time.perf_counter() - started
            print(f"{people} trainees, {3 * people} due cards")
            print(f"first run:  {sent} nudges enqueued in {first:6.2f} s ({sent / first:7.0f} nudges/s)")
            print(f"second run the same day: {again} enqueued, {second:6.3f} s")

            async with sessionmaker() as session:
                asked = (
                    await session.execute(
                        text("SELECT id, trainee_id FROM review_cards WHERE asked_at IS NOT NULL LIMIT :n"),
                        {"n": ANSWERS},
                    )
                ).all()
            bus = MessageBus(units, handlers(clock))
            timings = []
            for card_id, trainee_id in asked:
                started = time.perf_counter()
                await bus.handle(trainee_id, org, AnswerReview(card_id=card_id, round=0, answer="0"))
                timings.append(time.perf_counter() - started)
            timings.sort()
            median = statistics.median(timings) * 1000
            p95 = timings[int(len(timings) * 0.95) - 1] * 1000
            print(f"answering a nudge ({len(timings)} answers): median {median:5.1f} ms, p95 {p95:5.1f} ms")
        finally:
            await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
