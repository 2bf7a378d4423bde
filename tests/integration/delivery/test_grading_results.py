"""Grading results reach the trainee: enqueued with the grade, sent by a worker to their chat."""

import dataclasses
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import engine_event_handlers, engine_handlers
from domain.assessments.commands import GradeAssignment, GradeEssay, ReturnAssignment, SubmitAssignment
from domain.errors import Conflict
from domain.messagebus import MessageBus
from domain.models.enums import ChatPlatform
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.assessments.support import World, build_world, submissions
from tests.integration.assessments.test_essays import QUIZ_WITH_ESSAY, take
from tests.integration.delivery.conftest import link, run_workers
from tests.support.fake_backend import RecordingBackend


async def wired_world(db: async_sessionmaker[AsyncSession]) -> World:
    world = await build_world(db)
    return dataclasses.replace(
        world, bus=MessageBus(PostgresUnitsOfWork(db), engine_handlers(), engine_event_handlers())
    )


async def delivered_texts(db: async_sessionmaker[AsyncSession]) -> list[tuple[str, str]]:
    async with db() as session:
        rows = await session.execute(
            text("SELECT kind, replies->0->>'text' AS words FROM deliveries ORDER BY created_at")
        )
        return [(row.kind, row.words) for row in rows]


async def test_a_graded_essay_reaches_the_trainee_in_their_chat(
    db: async_sessionmaker[AsyncSession], database_url: URL
) -> None:
    world = await wired_world(db)
    world.quiz_id = (await world.assessment(QUIZ_WITH_ESSAY, passing_score=70, title="Phishing")).id
    await link(db, world.trainee, ChatPlatform.TELEGRAM, "555")
    row = await take(world)
    await world.run(world.instructor, GradeEssay(attempt_id=row.id, question_id="q4", points=5))
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)
    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram})

    [sent] = telegram.sent
    assert sent.to.platform_user_id == "555"
    assert sent.replies[0].text == "✅ Your quiz *Phishing* has been graded: 88.89%. You passed."


async def test_a_graded_or_returned_assignment_is_enqueued_for_the_trainee_with_the_grade(
    db: async_sessionmaker[AsyncSession],
) -> None:
    world = await wired_world(db)
    task = await world.assignment(max_score=20, title="Policy")
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work"))
    [row] = await submissions(db, task.id)

    await world.run(world.instructor, ReturnAssignment(submission_id=row.id, feedback="Add sources"))
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work with sources"))
    await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(15)))

    assert await delivered_texts(db) == [
        ("grading", "↩️ Your assignment *Policy* was returned for rework:\nAdd sources"),
        ("grading", "✅ Your assignment *Policy* has been graded: 15 of 20."),
    ]


async def test_a_grade_that_is_refused_enqueues_nothing(db: async_sessionmaker[AsyncSession]) -> None:
    world = await wired_world(db)
    task = await world.assignment(max_score=20)
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work"))
    [row] = await submissions(db, task.id)
    await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(15)))

    with pytest.raises(Conflict):
        await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(20)))

    assert len(await delivered_texts(db)) == 1
