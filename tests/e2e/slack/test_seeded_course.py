"""On Slack, a course written straight into the seed tables: its module quiz, an optional quiz, a module
assignment, a course-level final exam and an optional capstone are offered on the way, each by its button,
and the course completes once the assignment is graded."""

import argparse
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.bootstrap import Services, build_services
from bot.commands.slack import connect
from bot.runtime import Database
from bot.settings import Settings
from domain.models import Enrollment, User
from tests.e2e.slack.harness import SlackHarness, serving_backend, slack_settings
from tests.e2e.slack.journey import SlackPerson, labels_of, one_text, text_of
from tests.support import factories
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.seeded_course import CODE, SeededCourse, seed_course


@pytest.fixture
async def people(db: async_sessionmaker[AsyncSession], engine: AsyncEngine) -> tuple[User, User, SeededCourse]:
    async with db() as session:
        org = await factories.organization(session)
        instructor = await factories.user(session, org, "instructor", first_name="Irene")
        trainee = await factories.user(session, org, "trainee", first_name="Tom")
        seeded = await seed_course(session, org.id, instructor.id)
        await session.commit()
    assert await connect(Database(engine, db, embedded=False), argparse.Namespace(org=org.slug, team=TEAM_ID)) == 0
    return instructor, trainee, seeded


@pytest.fixture
async def slack(
    db: async_sessionmaker[AsyncSession], fake_slack: FakeSlack, tmp_path: Path
) -> AsyncIterator[SlackHarness]:
    services: Services = build_services(Settings(data_dir=tmp_path, slack=slack_settings(fake_slack).slack), db)
    assert services.slack is not None
    async with serving_backend(services.slack, fake_slack) as harness:
        yield harness


async def test_a_seeded_course_offers_each_assessment_and_assignment_by_its_button_and_completes(
    slack: SlackHarness, people: tuple[User, User, SeededCourse], db: async_sessionmaker[AsyncSession]
) -> None:
    instructor, trainee, seeded = people
    slack.fake.add_user("U0TOM", trainee.email)
    slack.fake.add_user("U0IRENE", instructor.email)
    tom, irene = SlackPerson(slack, "U0TOM"), SlackPerson(slack, "U0IRENE")

    await tom.learn(f"enroll {CODE}")
    await tom.learn(f"continue {CODE}")
    await tom.press("Done ✓")
    await tom.press("Continue")
    await tom.press("Done ✓")
    [check] = await tom.press("Continue")
    assert text_of(check).startswith("*Basics check*")
    assert labels_of(check) == ["Take the quiz: Basics check"]
    question = await tom.press("Take the quiz: Basics check")
    assert labels_of(question[-1]) == ["True", "False"]
    assert "passed" in one_text(await tom.press("True"))

    [survey] = await tom.learn(f"continue {CODE}")
    assert text_of(survey).startswith("*Basics survey* _optional_")
    [practice] = await tom.press("Skip")
    assert text_of(practice).startswith("*Practice at work*")
    [done] = await tom.press("Done ✓")
    assert "Still to do to complete *Seeded Safety*:" in text_of(done)
    assert labels_of(done)[:2] == ["Submit the assignment: Practice report", "Take the quiz: Final exam"]
    await tom.press("Submit the assignment: Practice report")
    assert "Submitted" in one_text(await tom.say("I lock my screen now."))

    [exam] = await tom.learn(f"continue {CODE}")
    assert text_of(exam).startswith("*Final exam*\n\nTo finish the course.")
    await tom.press("Take the quiz: Final exam")
    assert "passed" in one_text(await tom.say("safety"))

    [capstone] = await tom.learn(f"continue {CODE}")
    assert labels_of(capstone) == ["Submit the assignment: Optional capstone", "Skip"]
    [waiting] = await tom.press("Skip")
    assert "Practice report*: waiting for grading" in text_of(waiting)
    assert labels_of(waiting)[0] == "Wait for grading: Practice report"
    status = await tom.press("Wait for grading: Practice report")
    assert "Submitted" in one_text(status)

    await irene.learn("submissions")
    assert "Graded *Practice report* for Tom Trainee: 8 of 10." in one_text(await irene.say("8 Clear"))
    [finished] = await tom.learn(f"continue {CODE}")
    assert "You have completed *Seeded Safety*" in text_of(finished)
    async with db() as session:
        enrollment = await session.scalar(select(Enrollment).where(Enrollment.course_id == seeded.course_id))
    assert enrollment is not None
    assert (enrollment.status, float(enrollment.progress_percentage or 0)) == ("completed", 100)
