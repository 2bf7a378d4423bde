"""Whole journeys on Telegram through the real app: the webhook, PTB, the conversation layer, the engine, PostgreSQL."""

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.models import Course, Enrollment, User
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.e2e.telegram.demo import COURSE_CODE, INSTRUCTOR, TRAINEE, Demo, load_demo
from tests.e2e.telegram.harness import TelegramHarness
from tests.e2e.telegram.journey import TelegramUser, buttons, hand_in_assignments, take_the_course
from tests.support.fake_telegram import Person, callback_update


@pytest.fixture
async def demo(db: async_sessionmaker[AsyncSession]) -> Demo:
    return await load_demo(db)


async def linked(app: TelegramHarness, demo: Demo, person: Person, email: str) -> TelegramUser:
    user = TelegramUser(person, app.fake, app.deliver)
    await user.say(f"/start {await demo.invite(email)}")
    assert user.saw("Your Telegram account is now linked")
    return user


async def enrollment_status(demo: Demo, email: str) -> str | None:
    async with PostgresUnitOfWork(demo.sessionmaker, organization_id=demo.organization_id) as uow:
        status: str | None = await uow.session.scalar(
            select(Enrollment.status)
            .join(User, User.id == Enrollment.trainee_id)
            .join(Course, Course.id == Enrollment.course_id)
            .where(User.email == email, Course.course_code == COURSE_CODE)
        )
    return status


async def test_a_trainee_links_learns_every_content_type_answers_every_question_type_and_completes_the_course(
    app: TelegramHarness, demo: Demo
) -> None:
    tom = await linked(app, demo, Person(901, "Tom", "Trainee"), TRAINEE)
    irene = await linked(app, demo, Person(902, "Irene", "Instructor"), INSTRUCTOR)

    class Irene:
        async def grade_essays(self) -> None:
            await irene.say("/grading")
            assert irene.saw("waiting for grading")
            await irene.say("2 Well spotted")
            assert irene.saw("Graded: 2 of 2 points")

        async def grade_assignments(self) -> None:
            await irene.say("/submissions")
            assert irene.saw("waiting for grading")
            await irene.say("9 Good work")
            assert irene.saw("Graded Secure your own accounts for Tom Trainee: 9 of 10")

    await take_the_course(tom, COURSE_CODE, Irene())

    fake = app.fake
    # Text items as HTML messages, a video and a link as URL buttons, documents with sendDocument.
    assert tom.saw("What makes a password strong")
    url_buttons = {button["url"] for message in tom.messages for button in buttons(message) if "url" in button}
    assert "https://example.com/videos/mfa-explained.mp4" in url_buttons
    assert "https://example.com/security/phishing-examples" in url_buttons
    assert [call.params["document"] for call in fake.calls_to("sendDocument", tom.person.id)] == [
        "https://example.com/policies/password-and-mfa-policy.pdf",
        "https://example.com/policies/data-handling-guide.pdf",
    ]
    # Multiple choice and true/false as native quiz polls answered by poll_answer; short answer and essay typed.
    polls = fake.calls_to("sendPoll", tom.person.id)
    assert len(polls) == 3
    assert all(call.params["type"] == "quiz" and call.params["is_anonymous"] is False for call in polls)
    assert tom.saw("[poll option False]")
    assert tom.saw("me: a password manager")
    assert tom.saw("Saved. An instructor will grade this answer.")
    assert tom.saw("Submitted Secure your own accounts")
    assert tom.saw("You have completed Information Security Basics")
    assert await enrollment_status(demo, TRAINEE) == "completed"
    # Every button press was answered.
    presses = [line for line in tom.transcript if line.startswith("me: [") and "poll option" not in line]
    assert len(fake.calls_to("answerCallbackQuery")) == len(presses)


async def test_an_instructor_assigns_a_course_to_a_trainee_who_then_sees_it(app: TelegramHarness, demo: Demo) -> None:
    irene = await linked(app, demo, Person(902, "Irene", "Instructor"), INSTRUCTOR)
    tina = await linked(app, demo, Person(903, "Tina", "Tech"), "tina.tech@acme.example")
    await irene.say(f"/assign {COURSE_CODE} tina.tech@acme.example")
    assert irene.saw("Tina Tech is now enrolled in Information Security Basics")
    assert await enrollment_status(demo, "tina.tech@acme.example") == "enrolled"
    await tina.say("/my")
    assert tina.saw("Information Security Basics")


async def test_a_redelivered_button_press_marks_the_item_done_once(app: TelegramHarness, demo: Demo) -> None:
    tom = await linked(app, demo, Person(901, "Tom", "Trainee"), TRAINEE)
    await tom.say("/courses")
    await tom.press(f"Enroll in {COURSE_CODE}")
    (item,) = await tom.press("Continue")
    done = next(button for button in buttons(item) if button["text"] == "Done ✓")
    press = callback_update(tom.person, item, done["callback_data"])
    for _ in range(3):
        await app.deliver(press)
    tom.unread()
    assert sum(line.startswith("bot: Done: What makes a password strong") for line in tom.transcript) == 1
    # Enroll, Continue and the three deliveries of Done: every callback query answered.
    assert len(app.fake.calls_to("answerCallbackQuery")) == 5


async def test_a_question_too_long_for_a_poll_is_answered_with_buttons_and_then_shows_the_answer(
    app: TelegramHarness, demo: Demo
) -> None:
    def first_option_too_long_for_a_poll(course: Any) -> None:
        options = course["assessments"][0]["questions"][0]["options"]
        options[0] = "P@ssw0rd! " + "with a long explanation of why people still pick it " * 2

    await demo.reimport_course(first_option_too_long_for_a_poll)
    tom = await linked(app, demo, Person(901, "Tom", "Trainee"), TRAINEE)
    irene = await linked(app, demo, Person(902, "Irene", "Instructor"), INSTRUCTOR)

    class Irene:
        async def grade_essays(self) -> None:
            await irene.say("/grading")
            await irene.say("2 Fine")

        async def grade_assignments(self) -> None:
            await irene.say("/submissions")
            await irene.say("10 Fine")

    await take_the_course(tom, COURSE_CODE, Irene())
    assert len(app.fake.calls_to("sendPoll", tom.person.id)) == 2
    (edit,) = app.fake.calls_to("editMessageText", tom.person.id)
    question = app.fake.messages[(tom.person.id, edit.params["message_id"])]
    assert question["text"].endswith("Your answer: copper-lantern-velvet-orbit")
    assert "reply_markup" not in question
    assert "Which of these passwords is the strongest?" in question["text"]


async def test_an_instructor_returns_work_for_rework_with_the_button_and_types_what_is_missing(
    app: TelegramHarness, demo: Demo
) -> None:
    tom = await linked(app, demo, Person(905, "Tom", "Trainee"), TRAINEE)
    irene = await linked(app, demo, Person(906, "Irene", "Instructor"), INSTRUCTOR)
    await tom.say(f"/enroll {COURSE_CODE}")
    await hand_in_assignments(tom)

    submissions = await irene.say("/submissions")
    await irene.press("Return for rework", on=submissions[-1])
    assert irene.saw("What needs rework?")
    await irene.say("Please add how you set up two-factor sign-in.")
    assert irene.saw("for rework")

    await tom.say("/assignments")
    assert tom.saw("Returned for rework: Please add how you set up two-factor sign-in.")
