"""Reports for instructors, in chat and as CSV from the command line."""

import asyncio
import csv
import io
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import URL

from domain.assessments.commands import AnswerQuestion, ShowAssessmentReport, ShowCourseReport, StartAttempt
from domain.assessments.reports import assessment_figures, course_figures
from domain.errors import NotFound, PermissionDenied
from domain.models import Organization, User
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.integration.assessments.support import Db, World, attempts, build_world
from tests.support import factories
from tests.support.databases import dsn


async def answer_all(world: World, trainee: User, quiz_id: object, answers: list[str]) -> None:
    await world.run(trainee, StartAttempt(assessment_id=quiz_id))
    row = next(r for r in await attempts(world.db, quiz_id) if r.submitted_at is None)  # type: ignore[arg-type]
    for number, answer in enumerate(answers, start=1):
        await world.run(trainee, AnswerQuestion(attempt_id=row.id, number=number, answer=answer))


@pytest.fixture
async def world(db: Db) -> World:
    """One passed attempt (100%), one failed (25%), and enrollments in every state."""
    world = await build_world(db)
    world.quiz_id = (await world.assessment(passing_score=70)).id
    await answer_all(world, world.trainee, world.quiz_id, ["2", "1", "multi-factor authentication"])
    await answer_all(world, world.other_trainee, world.quiz_id, ["0", "1", "no idea"])
    async with db() as session:
        org = await session.get(Organization, world.organization_id)
        assert org is not None
        past = datetime.now(UTC) - timedelta(days=1)
        for status, due in (("completed", past), ("in_progress", past), ("dropped", None)):
            person = await factories.user(session, org)
            await factories.enrollment(session, person, world.course, status=status, due_date=due)
        await session.commit()
    return world


async def test_assessment_figures_give_attempts_pass_rate_average_and_share_right_per_question(world: World) -> None:
    async with PostgresUnitOfWork(world.db, organization_id=world.organization_id) as uow:
        [figures] = await assessment_figures(uow.session, world.course.id)

    assert (figures.attempts, figures.trainees, figures.passed, figures.scored) == (2, 2, 1, 2)
    assert figures.pass_rate == Decimal("50.00")
    assert figures.average_score == Decimal("62.50")
    shares = {q.question_id: (q.marked, q.correct_share) for q in figures.questions}
    assert shares == {"q1": (2, Decimal("50.00")), "q2": (2, Decimal("100.00")), "q3": (2, Decimal("50.00"))}


async def test_course_figures_count_enrolled_in_progress_completed_and_overdue(world: World) -> None:
    async with PostgresUnitOfWork(world.db, organization_id=world.organization_id) as uow:
        figures = await course_figures(uow.session, world.course.id)
    counts = (figures.enrolled, figures.not_started, figures.in_progress, figures.completed, figures.overdue)
    assert counts == (4, 2, 1, 1, 1)
    assert figures.dropped == 1


async def test_instructors_see_the_reports_of_their_own_courses_in_chat(world: World) -> None:
    [report] = await world.run(world.instructor, ShowAssessmentReport(assessment=str(world.quiz_id)))
    assert "2 submitted attempts by 2 trainees; pass rate 50%; average score 62.5%" in report.text
    assert "- q2: 100% answered correctly (2 answers)" in report.text
    course = await world.run(world.admin, ShowCourseReport(course_code=world.course.course_code))
    assert "Enrolled 4 (not started 2, in progress 1, completed 1); overdue 1; dropped 1." in course[0].text
    assert "pass rate 50%" in course[1].text


async def test_others_are_refused_the_reports(world: World) -> None:
    for person in (world.other_instructor, world.trainee):
        with pytest.raises(PermissionDenied):
            await world.run(person, ShowAssessmentReport(assessment=str(world.quiz_id)))
        with pytest.raises(PermissionDenied):
            await world.run(person, ShowCourseReport(course_code=world.course.course_code))
    with pytest.raises(NotFound):
        await world.run(world.admin, ShowCourseReport(course_code="NO-SUCH"))


def learnbot(url: URL, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": dsn(url)}
    command = [sys.executable, "-m", "bot.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)


async def test_the_command_line_exports_both_reports_as_csv(world: World, database_url: URL, tmp_path: Path) -> None:
    async with world.db() as session:
        slug = await session.scalar(select(Organization.slug).where(Organization.id == world.organization_id))
    assert slug is not None
    code = world.course.course_code
    out = tmp_path / "assessment.csv"

    exported = await asyncio.to_thread(
        learnbot, database_url, "report", "assessment", "--org", slug, "--course", code, "-o", str(out)
    )
    course = await asyncio.to_thread(learnbot, database_url, "report", "course", "--org", slug, "--course", code)
    missing = await asyncio.to_thread(learnbot, database_url, "report", "course", "--org", slug, "--course", "NOPE")

    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["question_id"], r["correct_share"]) for r in rows] == [
        ("q1", "50.00"),
        ("q2", "100.00"),
        ("q3", "50.00"),
    ]
    assert {(r["attempts"], r["pass_rate"], r["average_score"]) for r in rows} == {("2", "50.00", "62.50")}
    [line] = list(csv.DictReader(io.StringIO(course.stdout)))
    assert (line["enrolled"], line["in_progress"], line["completed"], line["overdue"]) == ("4", "1", "1", "1")
    assert missing.returncode == 1
    assert "No course has the code 'NOPE'" in missing.stderr
