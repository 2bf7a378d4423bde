"""Time limits are kept by the server: late answers do not count, and expired attempts are handed in at the deadline."""

import uuid
from datetime import datetime, timedelta

from domain.assessments.commands import AnswerQuestion, StartAttempt
from domain.assessments.events import AssessmentPassed, AttemptSubmitted
from domain.assessments.expiry import submit_expired_attempts
from domain.events import Event
from domain.models import Assessment, AssessmentAttempt
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.assessments.support import (
    Db,
    World,
    attempt,
    attempts,
    audit_actions,
    build_world,
    set_started_at,
)


async def start_timed(world: World, minutes: int = 10) -> tuple[Assessment, tuple[AssessmentAttempt, list[Reply]]]:
    quiz = await world.assessment(time_limit=minutes, passing_score=50)
    replies = await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(world.db, quiz.id)
    return quiz, (row, replies)


async def walk_away(world: World, attempt_id: uuid.UUID, minutes_ago: int, limit: int = 10) -> datetime:
    """Pretend the attempt started `minutes_ago`; returns its (past) deadline."""
    row = await attempt(world.db, attempt_id)
    assert row.started_at is not None
    started = row.started_at - timedelta(minutes=minutes_ago)
    deadline = started + timedelta(minutes=limit)
    await set_started_at(world.db, row.id, started, deadline)
    return deadline


async def test_a_timed_attempt_gets_its_deadline_from_the_database_clock(db: Db) -> None:
    world = await build_world(db)
    _, (row, replies) = await start_timed(world, minutes=15)
    assert row.started_at is not None
    assert datetime.fromisoformat(row.answers["deadline"]) == row.started_at + timedelta(minutes=15)
    assert "15 minutes" in replies[0].text
    assert replies[1].context is not None
    assert "15 min left" in replies[1].context


async def test_an_answer_after_the_deadline_does_not_count_and_the_attempt_is_handed_in_at_the_deadline(db: Db) -> None:
    world = await build_world(db)
    _, (row, _) = await start_timed(world)
    await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="2"))
    deadline = await walk_away(world, row.id, minutes_ago=25)

    replies = await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=2, answer="1"))

    done = await attempt(db, row.id)
    assert done.submitted_at == deadline
    assert done.time_taken == 600
    assert [e["answer"] for e in done.answers["answers"]] == [2, None, None]
    assert done.score is not None
    assert float(done.score) == 50.0
    assert done.is_passed is True
    assert "Time is up" in replies[0].text
    assert "Score: *50%*" in replies[0].text
    assert await audit_actions(db, row.id) == ["attempt.started", "attempt.answered", "attempt.submitted"]


async def test_the_scheduled_job_hands_in_every_expired_attempt_of_every_organization(db: Db) -> None:
    first, second = await build_world(db), await build_world(db)
    expired = []
    for world in (first, second):
        _, (row, _) = await start_timed(world)
        await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="2"))
        expired.append((row.id, await walk_away(world, row.id, minutes_ago=11)))
    _quiz, (running, _) = await start_timed(first, minutes=30)
    published: list[Event] = []

    async def publish(event: Event) -> None:
        published.append(event)

    assert await submit_expired_attempts(PostgresUnitsOfWork(db), publish=publish) == 2

    for attempt_id, deadline in expired:
        done = await attempt(db, attempt_id)
        assert done.submitted_at == deadline
        assert done.score is not None
        assert float(done.score) == 50.0
        assert done.answers["answers"][0] == {"question_id": "q1", "answer": 2, "is_correct": True, "points_earned": 2}
        assert await audit_actions(db, attempt_id) == ["attempt.started", "attempt.answered", "attempt.submitted"]
    assert (await attempt(db, running.id)).submitted_at is None
    submitted = [e for e in published if isinstance(e, AttemptSubmitted)]
    assert {e.attempt_id for e in submitted} == {attempt_id for attempt_id, _ in expired}
    assert all(e.timed_out for e in submitted)
    assert {e.attempt_id for e in published if isinstance(e, AssessmentPassed)} == {a for a, _ in expired}
    assert await submit_expired_attempts(PostgresUnitsOfWork(db)) == 0


async def test_the_job_works_in_batches(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(time_limit=5)
    for trainee in (world.trainee, world.other_trainee):
        await world.run(trainee, StartAttempt(assessment_id=quiz.id))
    for row in await attempts(db, quiz.id):
        await walk_away(world, row.id, minutes_ago=6, limit=5)

    assert await submit_expired_attempts(PostgresUnitsOfWork(db), batch_size=1) == 2
    assert all(row.submitted_at is not None for row in await attempts(db, quiz.id))


async def test_starting_after_walking_away_hands_in_the_expired_attempt_and_starts_the_next(db: Db) -> None:
    world = await build_world(db)
    quiz, (row, _) = await start_timed(world)
    deadline = await walk_away(world, row.id, minutes_ago=30)

    replies = await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))

    first, second = await attempts(db, quiz.id)
    assert first.submitted_at == deadline
    assert first.score is not None
    assert float(first.score) == 0
    assert second.attempt_number == 2
    assert second.submitted_at is None
    assert "Time is up" in replies[0].text
    assert "attempt 2 started" in replies[1].text
