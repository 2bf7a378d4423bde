"""Announcements by chat: who may post where, recipients resolved at publish time, listing, withdrawing."""

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.backend import SendFailed, SendUncertain, TemporaryFailure, Unreachable
from adapters.chat.phrases.announcements import WITHDRAW_BY_BUTTON
from bot.bootstrap import Services, build_services
from bot.settings import Settings
from domain.announcements.publishing import publisher
from domain.models import Course, Department, Organization, User
from domain.models.enums import ChatPlatform
from domain.replies import Reply
from tests.integration.chat.helpers import telegram
from tests.integration.delivery.conftest import link, run_workers
from tests.support import factories
from tests.support.fake_backend import RecordingBackend

Db = async_sessionmaker[AsyncSession]


class School:
    org: Organization
    admin: User
    teacher: User
    other_teacher: User
    trainees: list[User]  # 0, 1 enrolled in the course; 2 dropped it; 3 in department OPS only
    course: Course
    other_course: Course
    ops: Department


@pytest.fixture
def services(db: Db, tmp_path: Path) -> Services:
    return build_services(Settings(data_dir=tmp_path), db)


@pytest.fixture
async def school(db: Db) -> School:
    s = School()
    async with db() as session:
        s.org = await factories.organization(session, settings={"timezone": "Europe/Berlin", "quiet_hours": False})
        s.ops = await factories.department(session, s.org, code="OPS")
        s.admin = await factories.user(session, s.org, "admin")
        s.teacher = await factories.user(session, s.org, "instructor")
        s.other_teacher = await factories.user(session, s.org, "instructor")
        s.trainees = [await factories.user(session, s.org, "trainee") for _ in range(3)]
        s.trainees.append(await factories.user(session, s.org, "trainee", department_id=s.ops.id))
        s.course = await factories.course(session, s.org, s.teacher, course_code="SEC-101", status="published")
        s.other_course = await factories.course(session, s.org, s.other_teacher, course_code="OPS-7")
        await factories.enrollment(session, s.trainees[0], s.course)
        await factories.enrollment(session, s.trainees[1], s.course, status="in_progress")
        await factories.enrollment(session, s.trainees[2], s.course, status="dropped")
        await session.commit()
    for handle, person in (("admin", s.admin), ("teacher", s.teacher), ("other", s.other_teacher)):
        await link(db, person, ChatPlatform.TELEGRAM, handle)
    for number, person in enumerate(s.trainees):
        await link(db, person, ChatPlatform.TELEGRAM, f"t{number}")
    return s


async def recipients(db: Db) -> set[str]:
    async with db() as session:
        rows = await session.scalars(
            text("SELECT c.platform_user_id FROM deliveries d JOIN chat_identities c ON c.user_id = d.user_id")
        )
        return set(rows)


async def say(services: Services, who: str, words: str) -> list[str]:
    return [reply.text for reply in await services.chat.handle(telegram(who, words))]


async def test_an_instructor_announces_to_their_course_and_its_active_trainees_get_it_looking_urgent(
    db: Db, database_url: URL, services: Services, school: School
) -> None:
    [answer] = await say(services, "teacher", "announce SEC-101 Exam moved !urgent !pin | The exam is on Friday.")

    assert answer == "📣 Posted *Exam moved* to SEC-101: on its way to 2 people."
    assert await recipients(db) == {"t0", "t1"}
    backend = RecordingBackend(ChatPlatform.TELEGRAM)
    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: backend})
    assert sorted(s.to.platform_user_id for s in backend.sent) == ["t0", "t1"]
    reply = backend.sent[0].replies[0]
    assert reply.text == "🚨 *URGENT* · *Exam moved*\nThe exam is on Friday."
    assert reply.context == "Urgent announcement · pinned"


@pytest.mark.parametrize(
    ("who", "words", "refusal"),
    [
        ("t0", "announce SEC-101 Hi | there", "Only instructors and admins can post announcements."),
        ("teacher", "announce OPS-7 Hi | there", "You can announce only to your own courses; OPS-7 is taught"),
        ("teacher", "announce all Hi | there", "Only admins can announce to a department or to everyone."),
        ("teacher", "announce dept:OPS Hi | there", "Only admins can announce to a department or to everyone."),
        ("admin", "announce NOPE Hi | there", "There is no course NOPE."),
        ("admin", "announce dept:NOPE Hi | there", "There is no department NOPE."),
        ("admin", "announce all Hi there", "Usage: `announce"),
        ("admin", "announce all Hi !loud | there", "Usage: `announce"),
        ("admin", "announce all Hi at 2020-01-01 10:00 | there", "2020-01-01 10:00 has passed already."),
        ("admin", "announce all Hi at 2031-02-30 10:00 | there", "Usage: `announce"),
        ("admin", "announce all Hi at 2031-01-02 10:00 until 2031-01-01 10:00 | x", "It would expire before"),
    ],
)
async def test_an_announcement_nobody_may_post_or_that_makes_no_sense_is_refused_and_changes_nothing(
    db: Db, services: Services, school: School, who: str, words: str, refusal: str
) -> None:
    [answer] = await say(services, who, words)

    assert answer.startswith(refusal) or refusal in answer
    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM announcements")) == 0
        assert await session.scalar(text("SELECT count(*) FROM deliveries")) == 0


async def test_admins_announce_to_a_department_or_everyone_active_but_themselves(
    db: Db, services: Services, school: School
) -> None:
    await say(services, "admin", "announce dept:OPS Drill | Fire drill at noon.")
    assert await recipients(db) == {"t3"}

    async with db() as session:
        await session.execute(text("UPDATE users SET is_active = false WHERE id = :id"), {"id": school.trainees[2].id})
        await session.execute(text("DELETE FROM deliveries"))
        await session.commit()
    [answer] = await say(services, "admin", "announce all Holiday | The office is closed on Monday.")

    assert answer.endswith("on its way to 5 people.")
    assert await recipients(db) == {"teacher", "other", "t0", "t1", "t3"}


async def test_a_scheduled_announcement_finds_its_recipients_at_its_time_in_the_organizations_zone(
    db: Db, services: Services, school: School
) -> None:
    [answer] = await say(services, "teacher", "announce SEC-101 Reminder at 2031-01-15 10:00 | Bring a laptop.")

    assert answer == (
        "🕒 *Reminder* is scheduled for 2031-01-15 10:00 (Europe/Berlin) to SEC-101; its recipients are found then."
    )
    async with db() as session:
        job = (await session.execute(text("SELECT entrypoint, execute_after, payload FROM pgqueuer"))).one()
        assert await session.scalar(text("SELECT count(*) FROM deliveries")) == 0
    assert job.entrypoint == "publish_announcement"
    assert abs((job.execute_after - datetime(2031, 1, 15, 9, 0, tzinfo=UTC)).total_seconds()) < 1
    # Someone enrolls before it is published: they get it too.
    async with db() as session:
        await factories.enrollment(session, school.trainees[3], school.course)
        await session.commit()
    organization, announcement = job.payload.decode().split(":")

    publish = publisher(services.bus)
    await publish(uuid.UUID(organization), uuid.UUID(announcement))
    await publish(uuid.UUID(organization), uuid.UUID(announcement))  # a job run twice publishes once

    assert await recipients(db) == {"t0", "t1", "t3"}


async def test_announcements_lists_current_ones_pinned_first_never_expired_and_authors_see_counts(
    db: Db, database_url: URL, services: Services, school: School
) -> None:
    await say(services, "teacher", "announce SEC-101 Old news | Yesterday's.")
    await say(services, "teacher", "announce SEC-101 Pinned one !pin | Read me first.")
    async with db() as session:
        # Written by SQL (an import): an expired one and one for everyone.
        await session.execute(
            text(
                "INSERT INTO announcements (organization_id, title, content, created_by, published_at, expires_at) "
                "VALUES (:org, 'Expired', 'gone', :by, now() - interval '2 days', now() - interval '1 day'), "
                "(:org, 'For all', 'hello', :by, now() - interval '1 hour', NULL)"
            ),
            {"org": school.org.id, "by": school.admin.id},
        )
        await session.commit()
    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: RecordingBackend(ChatPlatform.TELEGRAM)})

    trainee_view = await services.chat.handle(telegram("t0", "announcements"))
    author_view = await services.chat.handle(telegram("teacher", "announcements"))

    titles = [reply.text.split("\n")[0] for reply in trainee_view[1:]]
    assert titles == ["📌 *Pinned one*", "*Old news*", "*For all*"]
    assert [reply.context for reply in author_view[1:3]] == ["sent 2 of 2", "sent 2 of 2"]
    stranger_view = await services.chat.handle(telegram("t3", "announcements"))
    assert [reply.text.split("\n")[0] for reply in stranger_view[1:]] == ["*For all*"]


async def test_the_author_sees_unreachable_people_apart_from_sends_that_failed_otherwise_or_may_have_arrived(
    db: Db, database_url: URL, services: Services, school: School
) -> None:
    await say(services, "admin", "announce all Fire drill | At noon.")  # the teacher, the other, t0 to t3
    backend = RecordingBackend(ChatPlatform.TELEGRAM)
    backend.fail_next["t0"].append(Unreachable("Forbidden: bot was blocked by the user"))
    backend.fail_next["t1"].append(SendFailed("Bad Request: message is too long"))  # refused outright
    backend.fail_next["t2"].extend(TemporaryFailure("Bad Gateway") for _ in range(3))  # retries used up
    backend.fail_next["t3"].append(SendUncertain("timed out after sending"))

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: backend})

    [_, mine] = await services.chat.handle(telegram("admin", "announcements"))
    assert mine.context == "sent 2 of 6 · 1 unreachable · 2 failed · 1 uncertain"


@pytest.mark.parametrize(
    "words",
    [
        "withdraw",
        "withdraw 123",
        "withdraw %%%%",
        "withdraw ____",
        "withdraw zzzzzzzz",
        "withdraw ab cd",
        "withdraw " + "a" * 40,
    ],
)
async def test_a_withdraw_that_names_no_announcement_explains_how_and_withdraws_nothing(
    db: Db, services: Services, school: School, words: str
) -> None:
    await say(services, "teacher", "announce SEC-101 Later at 2031-01-15 10:00 | Something.")

    [answer] = await say(services, "teacher", words)

    assert answer == WITHDRAW_BY_BUTTON
    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM announcements WHERE withdrawn_at IS NULL")) == 1


async def test_a_withdraw_of_an_id_that_is_not_there_says_where_to_find_yours(
    services: Services, school: School
) -> None:
    await say(services, "teacher", "announce SEC-101 Later at 2031-01-15 10:00 | Something.")

    [answer] = await say(services, "teacher", "withdraw 0000ffff")

    assert answer.startswith("There is no announcement 0000ffff of yours. Type *announcements* and press *Withdraw*")


async def test_an_author_withdraws_a_scheduled_announcement_and_it_is_never_sent(
    db: Db, database_url: URL, services: Services, school: School
) -> None:
    await say(services, "teacher", "announce SEC-101 Later at 2031-01-15 10:00 | Something.")
    async with db() as session:
        announcement_id = await session.scalar(text("SELECT id FROM announcements"))
    assert (await say(services, "other", f"withdraw {announcement_id}"))[0].startswith("Only its author or an admin")

    [answer] = await say(services, "teacher", f"withdraw {announcement_id}")

    assert answer == "Withdrawn *Later*: 0 not sent; 0 had been sent already."
    await publisher(services.bus)(school.org.id, announcement_id)
    assert await recipients(db) == set()
    assert (await say(services, "teacher", f"withdraw {announcement_id}"))[0] == (
        "That announcement was withdrawn already."
    )


async def test_withdrawing_stops_the_deliveries_not_sent_yet(
    db: Db, database_url: URL, services: Services, school: School
) -> None:
    await say(services, "teacher", "announce SEC-101 Oops | Wrong course.")
    async with db() as session:
        announcement_id = await session.scalar(text("SELECT id FROM announcements"))

    [answer] = await say(services, "teacher", f"withdraw {announcement_id}")
    backend = RecordingBackend(ChatPlatform.TELEGRAM)
    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: backend})

    assert answer == "Withdrawn *Oops*: 2 not sent; 0 had been sent already."
    assert backend.sent == []
    async with db() as session:
        assert set(await session.scalars(text("SELECT status FROM deliveries"))) == {"withdrawn"}


async def test_notify_via_chooses_the_platform_for_deliveries(db: Db, services: Services, school: School) -> None:
    assert (await say(services, "t0", "notify via slack"))[0] == (
        "Your Slack account is not linked yet, so I cannot send you anything there."
    )
    await link(db, school.trainees[0], ChatPlatform.SLACK, "U0")

    assert (await say(services, "t0", "notify via slack"))[0] == (
        "From now on I will send you announcements and messages on Slack."
    )
    async with db() as session:
        chosen = await session.scalars(text("SELECT platform FROM chat_identities WHERE notify_here"))
        assert list(chosen) == ["slack"]


async def test_writing_from_a_platform_makes_it_the_one_used_last_and_reachable_again(
    db: Db, services: Services, school: School
) -> None:
    person = school.trainees[0]
    await link(db, person, ChatPlatform.SLACK, "U0")  # linked after Telegram
    async with db() as session:
        await session.execute(
            text(
                "UPDATE chat_identities SET unreachable_at = now(), unreachable_reason = 'blocked' "
                "WHERE platform_user_id = 't0'"
            )
        )
        await session.commit()

    await services.chat.handle(telegram("t0", "help"))

    async with db() as session:
        row = (
            await session.execute(
                text(
                    "SELECT platform, unreachable_at FROM chat_identities WHERE user_id = :u "
                    "ORDER BY last_seen_at DESC NULLS LAST LIMIT 1"
                ),
                {"u": person.id},
            )
        ).one()
    assert row.platform == "telegram"
    assert row.unreachable_at is None


async def test_the_guided_flow_asks_step_by_step_previews_the_count_and_sends_on_confirm(
    db: Db, services: Services, school: School
) -> None:
    async def step(words: str) -> list[Reply]:
        return await services.chat.handle(telegram("teacher", words))

    [ask_audience] = await step("announce")
    assert ask_audience.text.startswith("📣 New announcement. Who is it for?")
    assert [choice.label for choice in ask_audience.choices] == ["SEC-101"]
    assert (await step("SEC-101"))[0].text == "Its title?"  # typed, not pressed
    assert (await step("Exam moved"))[0].text == "Its text?"
    [ask_priority] = await step("The exam is on Friday.")
    assert [c.label for c in ask_priority.choices] == ["Low", "Normal", "High", "Urgent"]
    [ask_pin] = await step(ask_priority.choices[3].action)
    [ask_at] = await step(ask_pin.choices[0].action)
    assert ask_at.text == "Send it now, or type when: YYYY-MM-DD HH:MM (Europe/Berlin)."
    assert (await step("tomorrow"))[0].text == "Type a time as YYYY-MM-DD HH:MM, e.g. 2031-01-15 10:00."
    [ask_until] = await step(ask_at.choices[0].action)
    [header, shown] = await step(ask_until.choices[0].action)

    assert header.text == "Preview, to SEC-101 (2 people):"
    assert shown.text == "🚨 *URGENT* · *Exam moved*\nThe exam is on Friday."
    assert await recipients(db) == set()
    assert (await services.chat.handle(telegram("t0", "announcements")))[
        0
    ].text == "There are no announcements for you right now."
    [sent] = await step(shown.buttons[0].action)
    assert sent.text == "📣 Posted *Exam moved* to SEC-101: on its way to 2 people."
    assert await recipients(db) == {"t0", "t1"}
    assert (await step(shown.buttons[0].action))[0].text.startswith("That draft is gone")


async def test_a_trainee_starting_the_guided_flow_is_refused(services: Services, school: School) -> None:
    assert (await say(services, "t0", "announce"))[0].startswith("Only instructors and admins can post")
