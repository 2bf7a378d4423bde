"""The certificate link reaches the trainee when someone else's action completed the course: a delivery in the
same transaction (a grader's grade, the job that hands in an expired attempt); their own action: a reply."""

import dataclasses
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import build_services
from bot.jobs import job_context, submit_expired
from bot.settings import Settings
from domain.assessments.commands import AnswerQuestion, GradeAssignment, GradeEssay, StartAttempt, SubmitAssignment
from domain.learning import CompleteItem
from domain.models import Course
from domain.models.enums import ChatPlatform
from tests.integration.assessments.support import Db, World, attempts, build_world, set_started_at, submissions
from tests.integration.assessments.test_essays import QUIZ_WITH_ESSAY, take
from tests.integration.certificates.support import PUBLIC_URL, certificates, certified
from tests.integration.delivery.conftest import link, run_workers
from tests.support import factories
from tests.support.fake_backend import RecordingBackend


async def certified_world(db: Db, tmp_path: Path) -> World:
    world = await build_world(db, is_certified=True)
    settings = Settings(data_dir=tmp_path, public_url=PUBLIC_URL, secret_key="certificate-test-secret")
    return dataclasses.replace(world, bus=build_services(settings, db).bus)


async def quiz_item(world: World, quiz_id: uuid.UUID) -> None:
    """The course's one module holds one item: the quiz (passing it completes the item, the module, the course)."""
    async with world.db() as session:
        course = await session.get(Course, world.course.id)
        assert course is not None
        module = await factories.module(session, course, 1)
        await factories.content(session, module, 1, content_type="quiz", content_data={"assessment_id": str(quiz_id)})
        await session.commit()


async def text_item_done(world: World) -> None:
    """The course's one module holds one text item, which the trainee marks done (the work is still to grade)."""
    async with world.db() as session:
        course = await session.get(Course, world.course.id)
        assert course is not None
        item = await factories.content(session, await factories.module(session, course, 1), 1)
        await session.commit()
    await world.run(world.trainee, CompleteItem(content_id=item.id))


async def deliveries(db: Db) -> list[Any]:
    async with db() as session:
        rows = await session.execute(
            text("SELECT user_id, kind, replies FROM deliveries ORDER BY created_at, kind DESC")
        )
        return list(rows)


async def test_a_grader_completing_the_course_sends_the_trainee_the_certificate_link_after_the_grade(
    db: Db, tmp_path: Path, database_url: URL
) -> None:
    world = await certified_world(db, tmp_path)
    world.quiz_id = (await world.assessment(QUIZ_WITH_ESSAY, passing_score=70, title="Phishing")).id
    await quiz_item(world, world.quiz_id)
    await link(db, world.trainee, ChatPlatform.TELEGRAM, "555")
    row = await take(world)
    assert await certificates(db) == []

    replies = await world.run(world.instructor, GradeEssay(attempt_id=row.id, question_id="q4", points=5))

    [issued] = await certificates(db)
    url = f"{PUBLIC_URL}/certificates/{issued.verification_token}"
    assert all(url not in reply.text for reply in replies)  # the grader is not the one to be told
    grade, certificate = await deliveries(db)
    assert (grade.kind, certificate.kind) == ("grading", "certificate")
    assert certificate.user_id == world.trainee.id
    [message] = certificate.replies
    assert issued.certificate_number in message["text"]
    assert "linkedin.com/profile/add" in message["text"]
    assert message["link"]["url"] == url

    telegram = RecordingBackend(ChatPlatform.TELEGRAM)
    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram})
    sent = [s.replies[0] for s in telegram.sent]
    assert any(r.text.startswith("✅ Your quiz *Phishing* has been graded") for r in sent)
    [link_sent] = [r for r in sent if r.link is not None]
    assert link_sent.link is not None
    assert link_sent.link.url == url
    assert {s.to.platform_user_id for s in telegram.sent} == {"555"}


async def test_a_graded_assignment_that_completes_the_course_enqueues_the_link_once(db: Db, tmp_path: Path) -> None:
    world = await certified_world(db, tmp_path)
    task = await world.assignment(max_score=20, title="Policy")
    await text_item_done(world)
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work"))
    [row] = await submissions(db, task.id)

    await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(15)))

    assert len(await certificates(db)) == 1
    kinds = [(d.kind, d.user_id) for d in await deliveries(db)]
    assert kinds == [("grading", world.trainee.id), ("certificate", world.trainee.id)]


async def test_an_expired_attempt_handed_in_by_the_job_that_completes_the_course_enqueues_the_link(
    db: Db, tmp_path: Path, engine: AsyncEngine
) -> None:
    world = await certified_world(db, tmp_path)
    quiz = await world.assessment(time_limit=10, passing_score=50)
    await quiz_item(world, quiz.id)
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)
    await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="2"))
    assert row.started_at is not None
    started = row.started_at - timedelta(minutes=30)
    await set_started_at(db, row.id, started, started + timedelta(minutes=10))
    settings = Settings(data_dir=tmp_path, public_url=PUBLIC_URL, secret_key="certificate-test-secret")
    services = build_services(settings, db)

    await submit_expired(job_context(services))

    [issued] = await certificates(db)
    [delivery] = await deliveries(db)
    assert (delivery.kind, delivery.user_id) == ("certificate", world.trainee.id)
    assert delivery.replies[0]["link"]["url"] == f"{PUBLIC_URL}/certificates/{issued.verification_token}"


async def test_the_trainees_own_completion_gets_the_link_as_a_reply_and_no_delivery(db: Db, tmp_path: Path) -> None:
    c = await certified(db, tmp_path)
    replies = await c.complete()

    [issued] = await certificates(db)
    assert replies[-1].link is not None
    assert replies[-1].link.url == f"{PUBLIC_URL}/certificates/{issued.verification_token}"
    assert await deliveries(db) == []
