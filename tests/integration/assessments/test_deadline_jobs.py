"""A timed attempt gets its own job at its deadline (pgqueuer's execute_after, enqueued as it starts), run by a
worker whether or not a chat platform is configured; the per-minute sweep stays behind it."""

import asyncio
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL

from adapters.delivery.worker import DeliveryWorker, asyncpg_dsn
from domain.assessments.commands import AnswerQuestion, StartAttempt
from domain.assessments.events import AttemptSubmitted
from domain.assessments.expiry import SUBMIT_AT_DEADLINE, submit_at_deadline, submit_expired_attempts
from domain.events import Event
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.assessments.support import Db, attempt, attempts, build_world
from tests.integration.assessments.test_time_limits import start_timed, walk_away

JOBS = text("SELECT entrypoint, payload, execute_after FROM pgqueuer WHERE entrypoint = :entrypoint")


async def deadline_jobs(db: Db) -> list[Any]:
    async with db() as session:
        return list((await session.execute(JOBS, {"entrypoint": SUBMIT_AT_DEADLINE})).all())


async def test_a_timed_attempt_enqueues_its_own_job_a_second_after_its_deadline(db: Db) -> None:
    world = await build_world(db)
    _, (row, _) = await start_timed(world, minutes=15)

    [job] = await deadline_jobs(db)

    assert job.payload == f"{world.organization_id}:{row.id}".encode()
    assert job.execute_after == datetime.fromisoformat(row.answers["deadline"]) + timedelta(seconds=1)


async def test_an_attempt_without_a_time_limit_gets_no_job(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))

    assert await deadline_jobs(db) == []


async def test_resuming_an_attempt_enqueues_no_second_job(db: Db) -> None:
    world = await build_world(db)
    quiz, _ = await start_timed(world)
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))

    assert len(await deadline_jobs(db)) == 1


async def test_the_deadline_job_hands_in_its_attempt_once_and_leaves_others_alone(db: Db) -> None:
    world = await build_world(db)
    quiz, (row, _) = await start_timed(world)
    await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="2"))
    await world.run(world.other_trainee, StartAttempt(assessment_id=quiz.id))
    other = next(a for a in await attempts(db, quiz.id) if a.id != row.id)
    deadline = await walk_away(world, row.id, minutes_ago=11)
    await walk_away(world, other.id, minutes_ago=11)
    published: list[Event] = []

    async def publish(event: Event) -> None:
        published.append(event)

    units = PostgresUnitsOfWork(db)
    assert await submit_at_deadline(units, world.organization_id, row.id, publish=publish) == 1
    assert await submit_at_deadline(units, world.organization_id, row.id, publish=publish) == 0

    assert (await attempt(db, row.id)).submitted_at == deadline
    assert (await attempt(db, other.id)).submitted_at is None
    [submitted] = [e for e in published if isinstance(e, AttemptSubmitted)]
    assert submitted.attempt_id == row.id
    assert submitted.timed_out
    assert await submit_expired_attempts(units) == 1  # the sweep still finds the one without a job run


async def test_a_job_that_comes_before_the_deadline_hands_in_nothing(db: Db) -> None:
    world = await build_world(db)
    _, (row, _) = await start_timed(world)

    assert await submit_at_deadline(PostgresUnitsOfWork(db), world.organization_id, row.id) == 0
    assert (await attempt(db, row.id)).submitted_at is None


async def test_a_worker_without_any_chat_platform_runs_the_job_when_the_deadline_comes(
    db: Db, database_url: URL
) -> None:
    world = await build_world(db)
    _, (row, _) = await start_timed(world)
    deadline = await walk_away(world, row.id, minutes_ago=10)  # the deadline is now
    async with db() as session, session.begin():
        await session.execute(text("UPDATE pgqueuer SET execute_after = now() + interval '1 second'"))
    units = PostgresUnitsOfWork(db)

    async def hand_in(organization_id: uuid.UUID, attempt_id: uuid.UUID) -> int:
        return await submit_at_deadline(units, organization_id, attempt_id)

    worker = DeliveryWorker(asyncpg_dsn(database_url), None, units=units, timed={SUBMIT_AT_DEADLINE: hand_in})
    task = asyncio.create_task(worker.run())
    try:
        for _ in range(200):
            if (await attempt(db, row.id)).submitted_at is not None:
                break
            await asyncio.sleep(0.05)
    finally:
        worker.stop()
        await asyncio.gather(task, return_exceptions=True)

    assert (await attempt(db, row.id)).submitted_at == deadline
