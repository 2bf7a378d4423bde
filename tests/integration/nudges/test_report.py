"""The assessment report says, per question and in total, how many missed questions were later answered right in
review nudges (the quiz's own figures unchanged); the trainee's `nudges` says their own tally."""

import asyncio
import csv
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.assessments.commands import ShowAssessmentReport
from domain.assessments.reports import assessment_figures
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.integration.assessments.test_reports import learnbot
from tests.integration.nudges.world import WRONG_THREE, World, make_world, stored_buttons
from tests.support import factories
from tests.support.deliveries import link_chat

Sessions = async_sessionmaker[AsyncSession]
WEDNESDAY_10_BERLIN = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)


async def two_reviewed(db: Sessions, tmp_path: Path) -> World:
    """Tom and Tina missed q1-q3; in Wednesday's nudge (q1) Tom answers right, Tina wrong."""
    w = await make_world(db, tmp_path)
    async with db() as session:
        tina = await factories.user(session, w.org, "trainee", first_name="Tina")
        await session.commit()
    await w.enroll(tina)
    await link_chat(db, tina, "telegram", "9002", "9002")
    for who in (w.trainee, tina):
        await w.take_quiz(who, WRONG_THREE)
    w.clock.set(WEDNESDAY_10_BERLIN)
    assert await w.send_nudges() == 2
    for who, option in ((w.trainee, "correct horse battery staple"), (tina, "password1")):
        [nudge] = await w.nudges(who)
        await w.press(who, stored_buttons(nudge)[option])
    return w


async def test_the_figures_count_missed_questions_later_answered_right(db: Sessions, tmp_path: Path) -> None:
    w = await two_reviewed(db, tmp_path)

    async with PostgresUnitOfWork(db, organization_id=w.org.id) as uow:
        [figures] = await assessment_figures(uow.session, w.course.id)
    [report] = await w.services.bus.handle(w.instructor.id, w.org.id, ShowAssessmentReport(assessment="Security quiz"))
    status = await w.said(w.trainee, "nudges")

    by_question = {q.question_id: (q.marked, q.correct, q.missed, q.later_right) for q in figures.questions}
    assert by_question == {"q1": (2, 0, 2, 1), "q2": (2, 0, 2, 0), "q3": (2, 0, 2, 0), "q4": (2, 2, 0, 0)}
    assert (figures.missed, figures.later_right) == (6, 1)
    assert "Missed in passed attempts, later answered right in review: 1 of 6." in report.text
    assert "- q1: 0% answered correctly (2 answers); later right in review 1 of 2" in report.text
    assert "- q4: 100% answered correctly (2 answers)\n" in report.text + "\n"
    assert "Of the 3 quiz questions you missed, you have since answered 1 right in review." in status


async def test_the_command_line_report_has_the_review_columns(db: Sessions, tmp_path: Path, database_url: URL) -> None:
    w = await two_reviewed(db, tmp_path)
    out = tmp_path / "assessment.csv"

    exported = await asyncio.to_thread(
        learnbot,
        database_url,
        "report",
        "assessment",
        "--org",
        w.org.slug,
        "--course",
        w.course.course_code,
        "-o",
        str(out),
    )

    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["question_id"], r["missed_in_passed"], r["later_right_in_review"]) for r in rows] == [
        ("q1", "2", "1"),
        ("q2", "2", "0"),
        ("q3", "2", "0"),
        ("q4", "0", "0"),
    ]
    assert {(r["assessment_missed_in_passed"], r["assessment_later_right_in_review"]) for r in rows} == {("6", "1")}
