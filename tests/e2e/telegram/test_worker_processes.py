"""`learnbot worker` processes sending through the real Telegram backend to the fake Bot API: one killed with
SIGKILL mid-broadcast and another started sends nobody a second copy; two at once share a broadcast."""

import asyncio
import os
import signal
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import engine_event_handlers, engine_handlers
from domain.announcements.commands import PostAnnouncement
from domain.messagebus import MessageBus
from domain.models import ChatIdentity
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.delivery.conftest import wait_until_final
from tests.support import factories
from tests.support.fake_telegram import TOKEN, FakeTelegram

Db = async_sessionmaker[AsyncSession]
PEOPLE = 60


async def broadcast(db: Db, words: str) -> None:
    async with db() as session:
        org = await factories.organization(session, settings=factories.NO_QUIET_HOURS)
        teacher = await factories.user(session, org, "instructor")
        course = await factories.course(session, org, teacher, course_code="SEC-101")
        for number in range(PEOPLE):
            person = await factories.user(session, org, "trainee")
            await factories.enrollment(session, person, course)
            chat = str(900 + number)
            session.add(
                ChatIdentity(
                    organization_id=org.id, user_id=person.id, platform="telegram", platform_user_id=chat,
                    dm_chat_id=chat,
                )
            )  # fmt: skip
        await session.commit()
    bus = MessageBus(PostgresUnitsOfWork(db), engine_handlers(), engine_event_handlers())
    await bus.handle(teacher.id, org.id, PostAnnouncement(audience="SEC-101", title="Broadcast", text=words))


async def start_worker(database_url: URL, fake: FakeTelegram, data_dir: Path) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "DATABASE_URL": database_url.set(drivername="postgresql").render_as_string(hide_password=False),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake.api_url,
        "LEARNBOT_SECRET_KEY": "test-secret-key-test-secret-key-1",
        "LEARNBOT_DATA_DIR": str(data_dir),
        "LEARNBOT_DELIVERY_HEARTBEAT_TIMEOUT": "2",
        "LEARNBOT_DELIVERY_TELEGRAM_PER_SECOND": "60",
    }
    learnbot = str(Path(sys.executable).with_name("learnbot"))
    process = await asyncio.create_subprocess_exec(learnbot, "worker", env=env, stdout=asyncio.subprocess.PIPE)
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 60)
    assert line.startswith(b"LearnBot delivery worker is running"), line
    return process


def copies(fake: FakeTelegram, words: str) -> Counter[int]:
    """Messages Telegram took (answered ok), per chat."""
    counted: Counter[int] = Counter()
    for chat in range(900, 900 + PEOPLE):
        counted[chat] = sum(1 for message in fake.sent(chat) if words in message.get("text", ""))
    return counted


async def statuses(db: Db) -> dict[int, str]:
    async with db() as session:
        rows = await session.execute(
            text(
                "SELECT c.platform_user_id, d.status FROM deliveries d JOIN chat_identities c ON c.user_id = d.user_id"
            )
        )
        return {int(row.platform_user_id): row.status for row in rows}


async def until(condition: object, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]  # noqa: ASYNC110
        await asyncio.sleep(0.02)


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)


async def test_a_learnbot_worker_killed_mid_broadcast_and_replaced_sends_nobody_a_second_copy(
    db: Db, database_url: URL, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    words = f"Broadcast {uuid.uuid4().hex[:6]}"
    await broadcast(db, words)
    first = await start_worker(database_url, fake_telegram, tmp_path)
    await until(lambda: sum(copies(fake_telegram, words).values()) >= 15)
    first.kill()
    await first.wait()
    assert sum(copies(fake_telegram, words).values()) < PEOPLE

    second = await start_worker(database_url, fake_telegram, tmp_path)
    try:
        await wait_until_final(db, 90)
    finally:
        await stop(second)

    received, status = copies(fake_telegram, words), await statuses(db)
    assert max(received.values()) == 1
    assert set(status.values()) <= {"sent", "uncertain"}
    assert all(received[chat] == 1 for chat, state in status.items() if state == "sent")
    # Those in flight when it died (at most a worker's concurrency, LEARNBOT_DELIVERY_CONCURRENCY=80) may or
    # may not have arrived: `uncertain`, never repeated.
    assert sum(1 for state in status.values() if state == "uncertain") <= 80


async def test_two_learnbot_workers_share_a_broadcast_without_a_double_send(
    db: Db, database_url: URL, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    words = f"Broadcast {uuid.uuid4().hex[:6]}"
    workers = [await start_worker(database_url, fake_telegram, tmp_path) for _ in range(2)]
    try:
        await broadcast(db, words)
        await wait_until_final(db, 90)
    finally:
        for worker in workers:
            await stop(worker)

    assert set(copies(fake_telegram, words).values()) == {1}
    assert set((await statuses(db)).values()) == {"sent"}
