"""On Telegram, a course written straight into the seed tables: its module quiz, an optional quiz, a module
assignment, a course-level final exam and an optional capstone are offered on the way, each by its button,
and the course completes once the assignment is graded."""

from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.models import Enrollment
from tests.e2e.telegram.demo import INSTRUCTOR, TRAINEE, Demo, load_demo
from tests.e2e.telegram.harness import TelegramHarness
from tests.e2e.telegram.journey import TelegramUser, buttons
from tests.support.fake_telegram import Person
from tests.support.seeded_course import CODE, SeededCourse, seed_course


@pytest.fixture
async def demo(db: async_sessionmaker[AsyncSession]) -> tuple[Demo, SeededCourse]:
    demo = await load_demo(db)
    async with db() as session, session.begin():
        instructor = await session.scalar(text("SELECT id FROM users WHERE email = :e"), {"e": INSTRUCTOR})
        seeded = await seed_course(session, demo.organization_id, instructor)
    return demo, seeded


def shown(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(message.get("text") or message.get("poll", {}).get("question") or "") for message in messages)


def labels(message: dict[str, Any]) -> list[str]:
    return [button["text"] for button in buttons(message)]


async def answer_true(user: TelegramUser, fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The question arrives as a quiz poll (or, where it does not fit one, as buttons): pick True."""
    polls = [message for message in fresh if "poll" in message]
    if polls:
        options = [option["text"] for option in polls[-1]["poll"]["options"]]
        return await user.vote(polls[-1], options.index("True"))
    return await user.press("True", on=fresh[-1])


async def test_a_seeded_course_offers_each_assessment_and_assignment_by_its_button_and_completes(
    app: TelegramHarness, demo: tuple[Demo, SeededCourse], db: async_sessionmaker[AsyncSession]
) -> None:
    world, seeded = demo
    tom = TelegramUser(Person(901, "Tom", "Trainee"), app.fake, app.deliver)
    irene = TelegramUser(Person(902, "Irene", "Instructor"), app.fake, app.deliver)
    for user, email in ((tom, TRAINEE), (irene, INSTRUCTOR)):
        await user.say(f"/start {await world.invite(email)}")

    await tom.say(f"/enroll {CODE}")
    await tom.say(f"/continue {CODE}")
    await tom.press("Done ✓")
    await tom.press("Continue")
    await tom.press("Done ✓")
    [check] = await tom.press("Continue")
    assert shown([check]).startswith("Basics check")
    assert labels(check) == ["Take the quiz: Basics check"]
    await answer_true(tom, await tom.press("Take the quiz: Basics check"))
    assert tom.saw("passed")

    [survey] = await tom.say(f"/continue {CODE}")
    assert labels(survey) == ["Take the quiz: Basics survey", "Skip"]
    [practice] = await tom.press("Skip")
    assert shown([practice]).startswith("Practice at work")
    [done] = await tom.press("Done ✓")
    assert "Still to do to complete Seeded Safety:" in shown([done])
    assert labels(done)[:2] == ["Submit the assignment: Practice report", "Take the quiz: Final exam"]
    await tom.press("Submit the assignment: Practice report")
    assert "Submitted" in shown(await tom.say("I lock my screen now."))

    [exam] = await tom.say(f"/continue {CODE}")
    assert "To finish the course." in shown([exam])
    await tom.press("Take the quiz: Final exam")
    assert "passed" in shown(await tom.say("safety"))

    [capstone] = await tom.say(f"/continue {CODE}")
    assert labels(capstone) == ["Submit the assignment: Optional capstone", "Skip"]
    [waiting] = await tom.press("Skip")
    assert "Practice report: waiting for grading" in shown([waiting])
    assert labels(waiting)[0] == "Wait for grading: Practice report"
    assert "Submitted" in shown(await tom.press("Wait for grading: Practice report"))

    await irene.say("/submissions")
    assert "Graded Practice report for Tom Trainee: 8 of 10" in shown(await irene.say("8 Clear"))
    [finished] = await tom.say(f"/continue {CODE}")
    assert "You have completed Seeded Safety" in shown([finished])
    async with db() as session:
        enrollment = await session.scalar(select(Enrollment).where(Enrollment.course_id == seeded.course_id))
    assert enrollment is not None
    assert (enrollment.status, float(enrollment.progress_percentage or 0)) == ("completed", 100)
