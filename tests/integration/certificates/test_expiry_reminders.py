"""Holders are reminded before their certificate expires (30 and 7 days by default), each reminder once."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from adapters.delivery.sending import DeliverySender
from adapters.delivery.worker import DeliveryWorker, ScheduledJob, asyncpg_dsn
from domain.certificates.links import Links
from domain.certificates.reminders import CERTIFICATE_REMINDERS, ReminderSettings, remind_expiring_certificates
from domain.models.enums import ChatPlatform
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.certificates.support import PUBLIC_URL, Certified, certificates, certified, owner_rows
from tests.integration.delivery.conftest import FAST, link, run_workers
from tests.integration.learning.world import Sessions
from tests.support.fake_backend import RecordingBackend

EXPIRES = datetime(2027, 6, 30, 12, 0, tzinfo=UTC)
REMINDERS = ReminderSettings(Links(PUBLIC_URL))


async def holder(db: Sessions, tmp_path: Path, expires_at: datetime = EXPIRES) -> Certified:
    """A trainee holding a certificate issued a year before `expires_at` (dates set by SQL, as an import would)."""
    c = await certified(db, tmp_path)
    await c.complete()
    await owner_rows(
        db,
        "UPDATE certificates SET issued_at = :issued, expires_at = :expires",
        issued=expires_at - timedelta(days=365),
        expires=expires_at,
    )
    return c


async def remind(db: Sessions, now: datetime, settings: ReminderSettings = REMINDERS) -> int:
    return await remind_expiring_certificates(PostgresUnitsOfWork(db), settings, now=now)


async def reminders(db: Sessions) -> list[Any]:
    return await owner_rows(
        db, "SELECT user_id, kind, once_key, replies FROM deliveries WHERE kind = 'certificate' ORDER BY created_at"
    )


async def test_a_holder_is_reminded_30_and_7_days_before_expiry_each_once(db: Sessions, tmp_path: Path) -> None:
    c = await holder(db, tmp_path)
    [issued] = await certificates(db)

    assert await remind(db, EXPIRES - timedelta(days=31)) == 0
    assert await remind(db, EXPIRES - timedelta(days=29)) == 1
    assert await remind(db, EXPIRES - timedelta(days=28)) == 0
    assert await remind(db, EXPIRES - timedelta(days=6, hours=12)) == 1
    assert await remind(db, EXPIRES - timedelta(days=1)) == 0
    assert await remind(db, EXPIRES + timedelta(days=1)) == 0

    thirty, seven = await reminders(db)
    assert (thirty.user_id, thirty.once_key) == (c.w.trainee.id, f"certificate-expiry:{issued.id}:30")
    assert seven.once_key == f"certificate-expiry:{issued.id}:7"
    [message] = seven.replies
    assert "expires on 2027-06-30, in 7 days" in message["text"]
    assert message["link"]["url"] == f"{PUBLIC_URL}/certificates/{issued.verification_token}"
    [button] = message["buttons"]
    assert button["label"] == "Recertify"
    assert button["command"] == {"command": "Recertify", "fields": {"course_code": c.w.course.course_code}}


async def test_a_job_that_did_not_run_for_weeks_sends_only_the_nearest_reminder(db: Sessions, tmp_path: Path) -> None:
    await holder(db, tmp_path)

    assert await remind(db, EXPIRES - timedelta(days=3)) == 1

    [only] = await reminders(db)
    assert only.once_key.endswith(":7")
    assert await remind(db, EXPIRES - timedelta(days=2)) == 0


async def test_several_workers_reminding_at_once_enqueue_each_reminder_once(db: Sessions, tmp_path: Path) -> None:
    await holder(db, tmp_path)
    now = EXPIRES - timedelta(days=20)

    counts = await asyncio.gather(*(remind(db, now) for _ in range(4)))

    assert sum(counts) == 1
    assert len(await reminders(db)) == 1
    [jobs] = await owner_rows(db, "SELECT count(*) AS n FROM pgqueuer")
    assert jobs.n == 1


async def test_a_revoked_certificate_is_never_reminded(db: Sessions, tmp_path: Path) -> None:
    await holder(db, tmp_path)
    await owner_rows(db, "UPDATE certificates SET revoked_at = now(), revoked_reason = 'x', is_valid = false")

    assert await remind(db, EXPIRES - timedelta(days=5)) == 0
    assert await reminders(db) == []


async def test_the_organization_chooses_its_own_reminder_days(db: Sessions, tmp_path: Path) -> None:
    c = await holder(db, tmp_path)
    await owner_rows(
        db,
        "UPDATE organizations SET settings = settings || '{\"certificate_reminder_days\": [60, 14]}' WHERE id = :org",
        org=c.w.org.id,
    )

    assert await remind(db, EXPIRES - timedelta(days=45)) == 1
    assert await remind(db, EXPIRES - timedelta(days=20)) == 0
    assert await remind(db, EXPIRES - timedelta(days=10)) == 1

    assert [r.once_key.rsplit(":", 1)[1] for r in await reminders(db)] == ["60", "14"]


async def test_the_reminder_reaches_the_holder_in_their_chat(db: Sessions, tmp_path: Path, database_url: URL) -> None:
    c = await holder(db, tmp_path)
    await link(db, c.w.trainee, ChatPlatform.TELEGRAM, "777")
    await remind(db, EXPIRES - timedelta(days=7))
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram})

    [sent] = telegram.sent
    assert sent.to.platform_user_id == "777"
    assert "expires on 2027-06-30" in sent.replies[0].text
    assert [b.label for b in sent.replies[0].buttons] == ["Recertify"]


async def test_no_expiry_means_no_reminder(db: Sessions, tmp_path: Path) -> None:
    c = await certified(db, tmp_path)
    await c.complete()

    assert await remind(db, datetime.now(UTC) + timedelta(days=3650)) == 0
    assert (await owner_rows(db, "SELECT count(*) AS n FROM deliveries"))[0].n == 0


async def test_two_workers_on_pgqueuers_schedule_remind_once(db: Sessions, tmp_path: Path, database_url: URL) -> None:
    c = await holder(db, tmp_path)
    await link(db, c.w.trainee, ChatPlatform.TELEGRAM, "778")
    runs: list[int] = []

    async def remind_now() -> int:
        runs.append(await remind(db, EXPIRES - timedelta(days=10)))
        return runs[-1]

    every_second = ScheduledJob(CERTIFICATE_REMINDERS, "* * * * * *", remind_now)
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)
    workers = [
        DeliveryWorker(
            asyncpg_dsn(database_url),
            DeliverySender(PostgresUnitsOfWork(db), {ChatPlatform.TELEGRAM: telegram}, FAST),
            heartbeat_timeout=5,
            scheduled=[every_second],
        )
        for _ in range(2)
    ]
    tasks = [asyncio.create_task(worker.run()) for worker in workers]
    try:
        for _ in range(200):
            if len(runs) >= 3 and telegram.sent:
                break
            await asyncio.sleep(0.05)
    finally:
        for worker in workers:
            worker.stop()
        await asyncio.gather(*tasks, return_exceptions=True)

    assert len(runs) >= 3
    assert sum(runs) == 1
    [sent] = telegram.sent
    assert sent.to.platform_user_id == "778"
