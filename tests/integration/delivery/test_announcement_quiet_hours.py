"""An announcement published during its organization's quiet hours reaches people when they end, unless it is
urgent; its author is told when it goes out."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL

from adapters.delivery.sending import DeliverySender
from adapters.delivery.worker import DeliveryWorker, asyncpg_dsn
from bot.bootstrap import build_services
from bot.settings import Settings
from domain.announcements.fanout import fan_out
from domain.models import Announcement, User
from domain.models.enums import ChatPlatform
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.chat.helpers import telegram
from tests.integration.delivery.conftest import FAST, link
from tests.integration.reminders.support import Db
from tests.support import factories
from tests.support.fake_backend import RecordingBackend

NIGHT = datetime(2027, 1, 15, 22, 0, tzinfo=UTC)  # 23:00 in Berlin
MORNING = datetime(2027, 1, 16, 7, 0, tzinfo=UTC)  # 08:00 in Berlin
BERLIN_NIGHTS = {"timezone": "Europe/Berlin", "quiet_hours": {"start": "20:00", "end": "08:00"}}

JOBS = text("SELECT execute_after - now() AS wait FROM pgqueuer ORDER BY execute_after")
STATUSES = text("SELECT status FROM deliveries ORDER BY created_at")


async def announced(db: Db, settings: dict[str, Any], priority: str) -> tuple[Announcement, User, list[User]]:
    async with db() as session, session.begin():
        org = await factories.organization(session, settings=settings)
        teacher = await factories.user(session, org, "instructor", first_name="Tess")
        course = await factories.course(session, org, teacher, course_code="SEC-101", status="published")
        trainees = [await factories.user(session, org, "trainee") for _ in range(2)]
        for person in trainees:
            await factories.enrollment(session, person, course)
        row = Announcement(
            organization_id=org.id, course_id=course.id, title="Lab", content="Lab opens.", priority=priority,
            created_by=teacher.id,
        )  # fmt: skip
        session.add(row)
    return row, teacher, trainees


async def owner_rows(db: Db, statement: Any) -> list[Any]:
    async with db() as session:
        return list((await session.execute(statement)).all())


@pytest.mark.parametrize("priority", ["low", "normal", "high"])
async def test_published_in_the_night_its_deliveries_wait_for_the_morning(db: Db, priority: str) -> None:
    row, _, _ = await announced(db, BERLIN_NIGHTS, priority)

    async with PostgresUnitsOfWork(db).open(organization_id=row.organization_id) as uow:
        fanned = await fan_out(uow, row.id, now=NIGHT)
        await uow.commit()

    assert fanned.count == 2
    assert fanned.held_until == MORNING
    waits = [job.wait for job in await owner_rows(db, JOBS)]
    assert len(waits) == 2
    assert all(abs(wait - (MORNING - NIGHT)) < timedelta(seconds=5) for wait in waits)


async def test_an_urgent_announcement_goes_out_at_once_even_in_the_night(db: Db) -> None:
    row, _, _ = await announced(db, BERLIN_NIGHTS, "urgent")

    async with PostgresUnitsOfWork(db).open(organization_id=row.organization_id) as uow:
        fanned = await fan_out(uow, row.id, now=NIGHT)
        await uow.commit()

    assert fanned.held_until is None
    assert all(job.wait <= timedelta(0) for job in await owner_rows(db, JOBS))


async def test_published_in_the_day_it_goes_out_at_once(db: Db) -> None:
    row, _, _ = await announced(db, BERLIN_NIGHTS, "normal")

    async with PostgresUnitsOfWork(db).open(organization_id=row.organization_id) as uow:
        fanned = await fan_out(uow, row.id, now=MORNING)
        await uow.commit()

    assert fanned.held_until is None
    assert all(job.wait <= timedelta(0) for job in await owner_rows(db, JOBS))


def quiet_now() -> dict[str, Any]:
    """Quiet hours (UTC) from an hour ago to an hour from now: the real clock is in them."""
    now = datetime.now(UTC)
    start, end = now - timedelta(hours=1), now + timedelta(hours=1)
    return {"timezone": "UTC", "quiet_hours": {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}}


async def test_the_author_is_told_when_it_goes_out_and_a_worker_sends_only_the_urgent_one_now(
    db: Db, database_url: URL, tmp_path: Path
) -> None:
    settings = quiet_now()
    _, teacher, trainees = await announced(db, settings, "normal")
    await link(db, teacher, ChatPlatform.TELEGRAM, "tess")
    for number, person in enumerate(trainees):
        await link(db, person, ChatPlatform.TELEGRAM, f"t{number}")
    services = build_services(Settings(data_dir=tmp_path), db)

    [held] = await services.chat.handle(telegram("tess", "announce SEC-101 Lab moved | Room 4 from Monday."))
    [urgent] = await services.chat.handle(telegram("tess", "announce SEC-101 Fire drill !urgent | Leave now."))

    end = settings["quiet_hours"]["end"]
    assert held.text.startswith("📣 Posted *Lab moved* to SEC-101: on its way to 2 people. It is quiet hours, so it")
    assert f", {end} UTC (mark it `!urgent` to send it at once)." in held.text
    assert urgent.text == "📣 Posted *Fire drill* to SEC-101: on its way to 2 people."
    backend = RecordingBackend(ChatPlatform.TELEGRAM)
    sender = DeliverySender(PostgresUnitsOfWork(db), {ChatPlatform.TELEGRAM: backend}, FAST)
    worker = DeliveryWorker(asyncpg_dsn(database_url), sender, heartbeat_timeout=5)
    task = asyncio.create_task(worker.run())
    try:
        for _ in range(100):
            if len(backend.sent) >= 2:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # time enough for anything else a worker would take now
    finally:
        worker.stop()
        await asyncio.gather(task, return_exceptions=True)

    assert sorted(sent.replies[0].text.split("\n")[0] for sent in backend.sent) == ["🚨 *URGENT* · *Fire drill*"] * 2
    assert sorted(row.status for row in await owner_rows(db, STATUSES)) == ["queued", "queued", "sent", "sent"]
