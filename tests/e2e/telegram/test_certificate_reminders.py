"""Certificates through the real Telegram backend against the fake Telegram API: the link reaches a trainee whose
course a grader completed, and the expiry reminder's Recertify starts the course again in one tap."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import URL

from bot.bootstrap import Services, build_services
from bot.settings import DeliverySettings, Settings
from domain.assessments.commands import GradeAssignment, SubmitAssignment
from domain.certificates.reminders import ReminderSettings, remind_expiring_certificates
from domain.learning import CompleteItem, Enroll
from domain.models import Assignment, AssignmentSubmission, ChatIdentity
from tests.e2e.telegram.harness import TelegramHarness, serving_backend, telegram_settings
from tests.integration.certificates.support import certificates, owner_rows
from tests.integration.learning.world import Sessions, World, enrollment_of, world
from tests.support.deliveries import deliver_all
from tests.support.fake_telegram import FakeTelegram, Person, callback_update

PUBLIC_URL = "https://learn.example"
HOLDER = Person(811, "Hana", "Holder")
FAST = DeliverySettings(telegram_chat_interval=0.1, backoff_seconds=0.1)


@pytest.fixture
def services(db: Sessions, fake_telegram: FakeTelegram, tmp_path: Path) -> Services:
    settings = Settings(
        data_dir=tmp_path,
        public_url=PUBLIC_URL,
        secret_key="certificate-e2e-secret-key",
        telegram=telegram_settings(fake_telegram).telegram,
        delivery=FAST,
    )
    return build_services(settings, db)


@pytest.fixture
async def live(fake_telegram: FakeTelegram, services: Services) -> AsyncIterator[TelegramHarness]:
    assert services.telegram is not None
    async with serving_backend(services.telegram, fake_telegram) as harness:
        yield harness


async def linked_trainee(db: Sessions) -> World:
    w = await world(db, layout=(1,), course_fields={"is_certified": True})
    async with db() as session:
        session.add(
            ChatIdentity(
                organization_id=w.org.id,
                user_id=w.trainee.id,
                platform="telegram",
                workspace_id="",
                platform_user_id=str(HOLDER.id),
                dm_chat_id=str(HOLDER.id),
            )
        )
        await session.commit()
    return w


async def holder_of_a_certificate(db: Sessions, services: Services, expires_at: datetime) -> World:
    w = await linked_trainee(db)
    await services.bus.handle(w.trainee.id, w.org.id, Enroll(course_code=w.course.course_code))
    await services.bus.handle(w.trainee.id, w.org.id, CompleteItem(content_id=w.item(1, 1).id))
    await owner_rows(
        db,
        "UPDATE certificates SET issued_at = :issued, expires_at = :expires",
        issued=expires_at - timedelta(days=365),
        expires=expires_at,
    )
    return w


async def test_the_holder_reads_the_reminder_with_the_link_in_telegram_and_one_tap_recertifies(
    live: TelegramHarness, services: Services, db: Sessions, database_url: URL
) -> None:
    expires = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    w = await holder_of_a_certificate(db, services, expires)
    [issued] = await certificates(db)
    reminders = ReminderSettings(services.certificates.links)

    await remind_expiring_certificates(services.bus.units, reminders, now=expires - timedelta(days=7))
    await remind_expiring_certificates(services.bus.units, reminders, now=expires - timedelta(days=6))
    await deliver_all(services, database_url, db, FAST)

    [reminder] = live.fake.sent(HOLDER.id)
    url = f"{PUBLIC_URL}/certificates/{issued.verification_token}"
    assert "expires on 2027-03-01, in 7 days" in reminder["text"]
    assert url in str(reminder)
    buttons = [button for row in reminder["reply_markup"]["inline_keyboard"] for button in row]
    [recertify] = [button for button in buttons if button["text"] == "Recertify"]

    await live.deliver(callback_update(HOLDER, reminder, recertify["callback_data"]))

    assert live.fake.texts_to(HOLDER.id)[-1].startswith(f"🔁 You are enrolled in {w.course.title} again.")
    enrollment = await enrollment_of(db, w.trainee, w.course)
    assert enrollment is not None
    assert enrollment.status == "enrolled"


async def test_a_grader_completing_the_course_sends_the_trainee_the_grade_and_the_certificate_link_in_telegram(
    live: TelegramHarness, services: Services, db: Sessions, database_url: URL
) -> None:
    w = await linked_trainee(db)
    async with db() as session:
        task = Assignment(course_id=w.course.id, title="Policy", created_by=w.instructor.id, max_score=20)
        session.add(task)
        await session.commit()
    await services.bus.handle(w.trainee.id, w.org.id, Enroll(course_code=w.course.course_code))
    await services.bus.handle(w.trainee.id, w.org.id, CompleteItem(content_id=w.item(1, 1).id))
    await services.bus.handle(w.trainee.id, w.org.id, SubmitAssignment(assignment_id=task.id, text="My policy"))
    async with db() as session:
        submission = (await session.scalars(select(AssignmentSubmission))).one()

    await services.bus.handle(
        w.instructor.id, w.org.id, GradeAssignment(submission_id=submission.id, score=Decimal(18))
    )
    await deliver_all(services, database_url, db, FAST)

    [issued] = await certificates(db)
    received = live.fake.sent(HOLDER.id)  # two deliveries: their order is the workers' (usually as enqueued)
    [grade] = [message for message in received if message["text"].startswith("✅")]
    assert grade["text"].startswith("✅ Your assignment Policy has been graded: 18 of 20.")
    [certificate] = [message for message in received if message["text"].startswith("🎓")]
    assert len(received) == 2
    assert issued.certificate_number in certificate["text"]
    assert f"{PUBLIC_URL}/certificates/{issued.verification_token}" in str(certificate)
    assert "linkedin.com/profile/add" in str(certificate)
