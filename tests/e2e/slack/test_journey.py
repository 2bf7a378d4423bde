"""The whole way on Slack: the real slack-bolt app, conversation layer, inbox, engine and PostgreSQL.

A trainee of a connected workspace is linked by their email, browses, enrolls, steps through every kind
of content, answers a quiz with every question type, and completes the course once the instructor graded
the essay; the instructor assigns a course; someone the organization does not know is told so.
"""

import argparse
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.chat import texts as chat_texts
from adapters.chat.incoming import Incoming
from bot.bootstrap import Services, build_services
from bot.commands.slack import connect
from bot.runtime import Database
from bot.settings import Settings
from domain.authoring.fileformat import parse_document
from domain.authoring.importer import import_course
from domain.authoring.lifecycle import publish_course
from domain.models import ChatIdentity, Course, Enrollment, Organization, User
from domain.models.enums import ChatPlatform
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.e2e.slack.harness import SlackHarness, serving_backend, slack_settings
from tests.e2e.slack.journey import SlackPerson, find, labels_of, one_text, text_of
from tests.support import factories
from tests.support.fake_slack import (
    TEAM_ID,
    FakeSlack,
    button_press,
    dm_message,
    event_callback,
    signed_interaction,
    signed_json,
)

COURSE = """
code: {code}
title: {title}
instructor: {instructor}
is_public: true
modules:
  - key: basics
    title: The basics
    content:
      - key: intro
        type: text
        title: Why it matters
        body: "Attackers try *billions* of passwords. See [the policy](https://example.com/p)."
      - {{key: clip, type: video, title: MFA in three minutes, url: "https://example.com/mfa.mp4",
          duration_seconds: 180}}
      - {{key: examples, type: link, title: Phishing examples, url: "https://example.com/phish",
          label: See the examples}}
      - {{key: policy, type: document, title: Password policy, url: "https://example.com/policy.pdf",
          file_size_bytes: 245760}}
      - {{key: check, type: quiz, title: "Quiz: the basics", assessment: basics-quiz}}
assessments:
  - key: basics-quiz
    title: "Quiz: the basics"
    type: quiz
    passing_score: 70
    module: basics
    questions:
      - {{id: q1, type: multiple_choice, question: "Which password is strongest?",
          options: ["P@ssw0rd!", "copper-lantern-velvet-orbit"], correct_answer: 1}}
      - {{id: q2, type: true_false, question: "An MFA prompt you did not start is safe to approve.",
          correct_answer: false}}
      - {{id: q3, type: short_answer, question: "What tool should remember your passwords?",
          correct_answer: [password manager]}}
      - {{id: q4, type: essay, question: "Describe a phishing message you have seen.", points: 2}}
"""


@dataclass(frozen=True)
class World:
    org: Organization
    instructor: User
    trainee: User
    code: str
    other_code: str


async def add_course(db: Database, org: Organization, instructor: User, code: str, title: str) -> None:
    document = parse_document(COURSE.format(code=code, title=title, instructor=instructor.email), "course.yaml")
    async with PostgresUnitOfWork(db.sessionmaker, organization_id=org.id) as uow:
        await import_course(uow, org.id, document)
        await publish_course(uow, code)
        await uow.commit()


@pytest.fixture
async def world(db: async_sessionmaker[AsyncSession], engine: AsyncEngine) -> World:
    async with db() as session:
        org = await factories.organization(session)
        instructor = await factories.user(session, org, "instructor", first_name="Irene")
        trainee = await factories.user(session, org, "trainee", first_name="Tom")
        await session.commit()
    database = Database(engine, db, embedded=False)
    await add_course(database, org, instructor, "SEC-101", "Security Basics")
    await add_course(database, org, instructor, "SEC-201", "Security Advanced")
    assert await connect(database, argparse.Namespace(org=org.slug, team=TEAM_ID)) == 0
    return World(org, instructor, trainee, "SEC-101", "SEC-201")


@pytest.fixture
def services(db: async_sessionmaker[AsyncSession], fake_slack: FakeSlack, tmp_path: Path) -> Services:
    settings = Settings(data_dir=tmp_path, slack=slack_settings(fake_slack).slack)
    return build_services(settings, db)


@pytest.fixture
async def slack(fake_slack: FakeSlack, services: Services) -> AsyncIterator[SlackHarness]:
    assert services.slack is not None
    async with serving_backend(services.slack, fake_slack) as harness:
        yield harness


async def identities(db: async_sessionmaker[AsyncSession]) -> list[tuple[object, ...]]:
    """(user_id, platform, workspace_id, platform_user_id, dm_chat_id) of every linked chat identity."""
    columns = (ChatIdentity.user_id, ChatIdentity.platform, ChatIdentity.workspace_id, ChatIdentity.platform_user_id)
    async with db() as session:
        rows = await session.execute(select(*columns, ChatIdentity.dm_chat_id).order_by(ChatIdentity.created_at))
        return [tuple(row) for row in rows]


def url_buttons(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (element["text"]["text"], element["url"])
        for message in messages
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if "url" in element
    ]


async def enrollment_status(db: async_sessionmaker[AsyncSession], trainee: User, code: str) -> str | None:
    async with db() as session:
        query = (
            select(Enrollment.status)
            .join(Course)
            .where(Enrollment.trainee_id == trainee.id, Course.course_code == code)
        )
        return await session.scalar(query)


async def step_through(person: SlackPerson, first: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Presses Done and Continue until the quiz is offered; every message on the way, in order."""
    seen, step = list(first), first
    for _ in range(20):
        labels = [label for message in step for label in labels_of(message)]
        if "Start the quiz" in labels:
            return seen
        step = await person.press("Done ✓" if "Done ✓" in labels else "Continue")
        seen += step
    raise AssertionError("the quiz never came")


async def test_a_trainee_links_by_email_learns_every_kind_of_content_passes_the_quiz_and_completes(
    slack: SlackHarness, world: World, db: async_sessionmaker[AsyncSession]
) -> None:
    slack.fake.add_user("U0TOM", world.trainee.email)
    slack.fake.add_user("U0IRENE", world.instructor.email)
    tom, irene = SlackPerson(slack, "U0TOM"), SlackPerson(slack, "U0IRENE")

    # Linked by the email users.info gives; the DM is kept with the link.
    welcome, catalog = await tom.say("courses")
    assert "Welcome to LearnBot, Tom! Your Slack account is now linked." in text_of(welcome)
    assert await identities(db) == [(world.trainee.id, "slack", TEAM_ID, "U0TOM", tom.dm)]
    assert labels_of(catalog) == ["Enroll in SEC-201", "Enroll in SEC-101"]

    [enrolled] = await tom.press("Enroll in SEC-101")
    assert "You are enrolled in *Security Basics*" in text_of(enrolled)
    catalog_now = tom.messages()[1]
    assert labels_of(catalog_now) == ["Enroll in SEC-201"]
    assert "You chose *Enroll in SEC-101*" in text_of(catalog_now)

    # Every kind of content, in order: text, video, link, document, then the quiz.
    path = await step_through(tom, await tom.learn("continue SEC-101"))
    items = [message for message in path if "· Item " in text_of(message)]
    assert [find(r"Item (\d)/5", [item])[1] for item in items] == ["1", "2", "3", "4", "5"]
    text_item, video, link, document, quiz = items
    assert "Attackers try *billions* of passwords. See <https://example.com/p|the policy>." in text_of(text_item)
    assert url_buttons([video]) == [("Watch the video (3 min)", "https://example.com/mfa.mp4")]
    assert url_buttons([link]) == [("See the examples", "https://example.com/phish")]
    assert ":page_facing_up: <https://example.com/policy.pdf|Password policy> (240.0 KB)" in text_of(document)
    assert "4 questions · pass with 70%" in text_of(quiz)
    assert "80% done" in text_of(quiz)

    # A quiz with every question type: multiple choice and true/false by button, short answer and essay typed.
    question_1 = await tom.press("Start the quiz")
    assert labels_of(question_1[-1]) == ["P@ssw0rd!", "copper-lantern-velvet-orbit"]
    question_2 = await tom.press("copper-lantern-velvet-orbit")
    assert "✅ Correct." in one_text(question_2)
    assert labels_of(question_2[-1]) == ["True", "False"]
    question_3 = await tom.press("False")
    assert "_Type your answer._" in one_text(question_3)
    question_4 = await tom.say("password manager")
    assert "Describe a phishing message you have seen." in one_text(question_4)
    # Slack sends typed &, < and > escaped; the essay is stored as typed.
    handed_in = await tom.say("A mail said my inbox was full &amp; asked me to &lt;log in&gt; at once.")
    assert "must be graded by an instructor" in one_text(handed_in)

    # The instructor grades the essay on Slack: the queue's prompt takes the points as the next message.
    queue = await irene.learn("grading")
    assert "A mail said my inbox was full &amp; asked me to &lt;log in&gt; at once." in one_text(queue)
    graded = await irene.say("2 Well spotted")
    assert "passed ✅" in one_text(graded)

    # Passing the quiz completes its item, and as it was the last one, the course.
    assert await enrollment_status(db, world.trainee, "SEC-101") == "completed"
    again = await tom.say("continue SEC-101")
    assert "You have completed *Security Basics*" in one_text(again)

    # The App Home tab shows it.
    opened = {"type": "app_home_opened", "user": "U0TOM", "channel": tom.dm, "tab": "home"}
    await slack.post(signed_json(slack.signer, event_callback(opened)))
    await slack.settle()
    [home] = slack.fake.calls_of("views.publish")
    assert "Security Basics" in str(home.params["view"]["blocks"])


async def test_an_instructor_assigns_a_course_to_a_trainee(
    slack: SlackHarness, world: World, db: async_sessionmaker[AsyncSession]
) -> None:
    slack.fake.add_user("U0IRENE", world.instructor.email)
    slack.fake.add_user("U0TOM", world.trainee.email)
    irene, tom = SlackPerson(slack, "U0IRENE"), SlackPerson(slack, "U0TOM")

    assigned = await irene.learn(f"assign SEC-201 {world.trainee.email}")

    assert "is now enrolled in *Security Advanced*" in one_text(assigned)
    assert await enrollment_status(db, world.trainee, "SEC-201") == "enrolled"
    assert "Security Advanced" in one_text(await tom.learn("my"))


async def test_a_trainee_cannot_assign_courses(
    slack: SlackHarness, world: World, db: async_sessionmaker[AsyncSession]
) -> None:
    slack.fake.add_user("U0TOM", world.trainee.email)
    tom = SlackPerson(slack, "U0TOM")

    refused = await tom.learn(f"assign SEC-201 {world.trainee.email}")

    assert "Only instructors and admins can assign courses." in one_text(refused)
    assert await enrollment_status(db, world.trainee, "SEC-201") is None


async def test_someone_the_organization_does_not_know_is_told_they_are_not_registered(
    slack: SlackHarness, world: World, db: async_sessionmaker[AsyncSession]
) -> None:
    slack.fake.add_user("U0EVE", "eve@elsewhere.example")
    eve, nobody = SlackPerson(slack, "U0EVE"), SlackPerson(slack, "U0NOEMAIL")

    [told] = await eve.say("courses")
    [told_too] = await nobody.learn("enroll SEC-101")

    assert text_of(told) == text_of(told_too) == chat_texts.NOT_REGISTERED
    assert await identities(db) == []


async def test_a_member_of_a_workspace_not_connected_is_not_registered(
    slack: SlackHarness, world: World, db: async_sessionmaker[AsyncSession]
) -> None:
    slack.fake.add_user("U0TOM", world.trainee.email)
    update = event_callback(dm_message("U0TOM", "courses"), team_id="T0OTHER")

    await slack.post(signed_json(slack.signer, update))
    await slack.settle()

    assert text_of(SlackPerson(slack, "U0TOM").messages()[0]) == chat_texts.NOT_REGISTERED
    assert await identities(db) == []


async def test_a_redelivered_enrollment_through_the_real_inbox_enrolls_and_answers_once(
    slack: SlackHarness, world: World, db: async_sessionmaker[AsyncSession]
) -> None:
    slack.fake.add_user("U0TOM", world.trainee.email)
    update = event_callback(dm_message("U0TOM", "enroll SEC-101"), event_id="EvEnrollOnce")

    responses = [await slack.post(signed_json(slack.signer, update, retry_num=n)) for n in (None, 1, 2)]
    await slack.settle()

    assert [response.status for response in responses] == [200, 200, 200]
    assert await enrollment_status(db, world.trainee, "SEC-101") == "enrolled"
    said = one_text(SlackPerson(slack, "U0TOM").messages())
    assert said.count("You are enrolled in *Security Basics*") == 1


async def test_a_button_pressed_by_someone_else_is_refused(
    slack: SlackHarness, world: World, db: async_sessionmaker[AsyncSession]
) -> None:
    slack.fake.add_user("U0TOM", world.trainee.email)
    slack.fake.add_user("U0IRENE", world.instructor.email)
    tom = SlackPerson(slack, "U0TOM")
    [_, catalog] = await tom.say("courses")
    row = next(block for block in catalog["blocks"] if block["type"] == "actions")
    forged = button_press("U0IRENE", catalog, row["block_id"], row["elements"][0]["action_id"])

    await slack.post(signed_interaction(slack.signer, forged))
    await slack.settle()

    assert chat_texts.BUTTON_REFUSED in one_text(SlackPerson(slack, "U0IRENE").messages())
    assert await enrollment_status(db, world.instructor, "SEC-201") is None


async def test_an_update_stranded_after_the_ack_is_answered_on_slack_by_the_sweep(
    slack: SlackHarness, world: World, services: Services
) -> None:
    slack.fake.add_user("U0TOM", world.trainee.email)
    stranded = Incoming(
        ChatPlatform.SLACK,
        TEAM_ID,
        "U0TOM",
        "D0TOM",
        update_key="EvStranded",
        text="courses",
        email=world.trainee.email,
    )
    assert await services.inbox.accept(stranded)  # stored and acked, then the process died

    assert await services.inbox.sweep(grace=timedelta(0)) == 1

    messages = SlackPerson(slack, "U0TOM").messages()
    assert "Courses you can take" in one_text(messages)
    assert labels_of(messages[-1]) == ["Enroll in SEC-201", "Enroll in SEC-101"]


async def test_garbage_gets_a_short_help_and_oversized_text_a_clear_refusal(
    slack: SlackHarness, world: World, db: async_sessionmaker[AsyncSession]
) -> None:
    slack.fake.add_user("U0TOM", world.trainee.email)
    tom = SlackPerson(slack, "U0TOM")
    await tom.say("help")

    garbage = await tom.say("qwzx blorp ;;")
    oversized = await tom.say("enroll " + "X" * 5000)

    assert "help" in one_text(garbage).lower()
    assert "too long for me (5,007 characters" in one_text(oversized)
    assert await enrollment_status(db, world.trainee, "SEC-101") is None


async def test_an_unknown_slash_command_suggests_the_closest_command_and_its_button_runs_it(
    slack: SlackHarness, world: World
) -> None:
    slack.fake.add_user("U0TOM", world.trainee.email)
    tom = SlackPerson(slack, "U0TOM")

    suggested = await tom.learn("asignments")

    assert "Did you mean *assignments*?" in one_text(suggested)
    assert labels_of(suggested[-1])[:2] == ["assignments", "Help"]
    assert "You have no assignments." in one_text(await tom.press("assignments"))
