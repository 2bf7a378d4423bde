"""Due-date reminders for 10,000 assigned enrollments (half the trainees on Telegram, half on Slack), through the
fake Bot and Web APIs.

Run from the project root:  .venv/bin/python -m bench.reminders [ENROLLMENTS]
It creates a throwaway database (on TEST_DATABASE_URL, the local server, or an embedded one), and drops it.

Prints: the time to plan the reminders (one run of the scheduled job, domain/reminders/due_dates.py: every
enrollment's latest reminder found, a delivery row and a pgqueuer job each, in batches of 5,000); the time of a run
that finds nothing new (what the job costs every minute), and of one where every enrollment has had its maximum
(each still looked at); then the send rate each platform achieved as a share of its configured limit (two
workers in this process, sharing the limits through PostgreSQL), and lost and doubled messages counted at the
fake servers.
"""

import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

if not __package__:  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.telegram.sending_only import sending_only
from bot.bootstrap import build_services
from bot.database import create_engine, create_sessionmaker
from bot.delivery import build_worker
from bot.runtime import Database
from bot.settings import DeliverySettings, Settings, SlackSettings, TelegramSettings
from domain.reminders import remind_due_dates
from domain.reminders.due_dates import BATCH_SIZE
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.support.clock import SettableClock
from tests.support.databases import database_server, throwaway_database
from tests.support.fake_slack import FakeSlack
from tests.support.fake_telegram import TOKEN, FakeTelegram, running_fake_telegram

SLACK_TOKEN = "xoxb-bench"
SECRET = "bench-secret-key-bench-secret-key"
FINAL = "('sent', 'failed', 'uncertain', 'withdrawn')"
# Quiet hours off, so the bench runs at any hour; at most one reminder per due date, so that the third run
# finds every enrollment at its maximum.
SETTINGS = '{"quiet_hours": false, "due_reminders": {"max": 1}}'

SEED = f"""
WITH org AS (
    INSERT INTO organizations (name, slug, settings) VALUES ('Bench Reminders', 'bench-reminders', '{SETTINGS}')
    RETURNING id
), teacher AS (
    INSERT INTO users (organization_id, employee_id, username, email, password_hash, first_name, last_name, role)
    SELECT id, 'T0', 'teacher', 'teacher@bench.example', '!', 'Tess', 'Teacher', 'instructor' FROM org
    RETURNING id, organization_id
), course AS (
    INSERT INTO courses (organization_id, course_code, title, instructor_id, status)
    SELECT organization_id, 'RM-1', 'Mandatory training', id, 'published' FROM teacher RETURNING id, organization_id
), trainees AS (
    INSERT INTO users (organization_id, employee_id, username, email, password_hash, first_name, last_name, role)
    SELECT org.id, 'E' || n, 'trainee' || n, 'trainee' || n || '@bench.example', '!', 'Trainee', 'N' || n, 'trainee'
    FROM org, generate_series(1, :people) AS n
    RETURNING id, organization_id, employee_id
), enrolled AS (
    INSERT INTO enrollments (trainee_id, course_id, enrollment_type, due_date, created_at)
    SELECT t.id, c.id, 'assigned', CAST(:due AS timestamptz) + make_interval(secs => substr(t.employee_id, 2)::int),
           CAST(:due AS timestamptz) - interval '30 days'
    FROM trainees t, course c
)
INSERT INTO chat_identities (organization_id, user_id, platform, workspace_id, platform_user_id, dm_chat_id)
SELECT organization_id, id,
       CASE WHEN substr(employee_id, 2)::int % 2 = 0 THEN 'telegram' ELSE 'slack' END,
       CASE WHEN substr(employee_id, 2)::int % 2 = 0 THEN '' ELSE 'T0LEARN' END,
       CASE WHEN substr(employee_id, 2)::int % 2 = 0 THEN (100000 + substr(employee_id, 2)::int)::text
            ELSE 'U' || substr(employee_id, 2) END,
       CASE WHEN substr(employee_id, 2)::int % 2 = 0 THEN (100000 + substr(employee_id, 2)::int)::text
            ELSE 'D' || substr(employee_id, 2) END
FROM trainees
"""
OPEN = text(f"SELECT count(*) FROM deliveries WHERE kind = 'reminder' AND status NOT IN {FINAL}")
STATUSES = text("SELECT status, count(*) FROM deliveries WHERE kind = 'reminder' GROUP BY status")


async def seed(sessionmaker: async_sessionmaker[AsyncSession], people: int, due: datetime) -> None:
    async with sessionmaker() as session:
        await session.execute(text(SEED), {"people": people, "due": due})
        await session.commit()
    async with sessionmaker() as session:  # as autovacuum would after an import this size
        await session.execute(text("ANALYZE"))


async def open_reminders(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(OPEN) or 0)


async def timed_run(sessionmaker: async_sessionmaker[AsyncSession], at: datetime) -> tuple[int, float]:
    started = time.perf_counter()
    planned = await remind_due_dates(PostgresUnitsOfWork(sessionmaker), SettableClock(at))
    return planned, time.perf_counter() - started


def copies(telegram: FakeTelegram, slack: FakeSlack) -> tuple[Counter[str], list[float], list[float]]:
    """Reminders that reached each chat, and when, per platform."""
    counted: Counter[str] = Counter()
    telegram_times, slack_times = [], []
    for call in telegram.calls_to("sendMessage"):
        if "RM-1" in str(call.params.get("text", "")):
            counted[f"telegram:{call.chat_id}"] += 1
            telegram_times.append(call.at)
    for post in slack.calls_of("chat.postMessage"):
        if post.ok and "RM-1" in str(post.params.get("text", "")) + str(post.params.get("blocks", "")):
            counted[f"slack:{post.params.get('channel')}"] += 1
            slack_times.append(post.at)
    return counted, telegram_times, slack_times


def rate(times: list[float], limit: float) -> str:
    if len(times) < 2:
        return "n/a"
    achieved = (len(times) - 1) / (max(times) - min(times))
    return f"{achieved:.1f}/s of {limit:g}/s = {achieved / limit:.3f}"


async def send_all(
    engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
    people: int,
    telegram: FakeTelegram,
    slack: FakeSlack,
) -> None:
    limits = DeliverySettings(heartbeat_timeout=3.0)
    settings = Settings(
        data_dir=Path(tempfile.mkdtemp(prefix="bench-reminders-")),
        secret_key=SECRET,
        telegram=TelegramSettings(bot_token=TOKEN, api_url=telegram.api_url),
        slack=SlackSettings(bot_token=SLACK_TOKEN, api_url=slack.api_url, signing_secret=SECRET),
        delivery=limits,
    )
    services = build_services(settings, sessionmaker)
    database = Database(engine, sessionmaker, embedded=False)
    assert services.telegram is not None
    async with sending_only(services.telegram):
        workers = [build_worker(database, services) for _ in range(2)]
        tasks = [asyncio.create_task(worker.run()) for worker in workers]
        started = time.perf_counter()
        while await open_reminders(sessionmaker):  # noqa: ASYNC110 (polls the database)
            await asyncio.sleep(0.5)
        elapsed = time.perf_counter() - started
        for worker in workers:
            worker.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
    found, telegram_times, slack_times = copies(telegram, slack)
    print(f"sent in {elapsed:.1f} s by 2 workers; Telegram {rate(telegram_times, limits.telegram_per_second)}, "
          f"Slack {rate(slack_times, limits.slack_per_second)} (target >= 0.95)")  # fmt: skip
    async with sessionmaker() as session:
        states = {status: count for status, count in await session.execute(STATUSES)}
    doubled = sum(1 for n in found.values() if n > 1)
    print(f"{sum(found.values()):,} reminders to {len(found):,} of {people:,} people: lost {people - len(found)}, "
          f"doubled {doubled} (target 0 and 0); deliveries {states}")  # fmt: skip


async def main(people: int) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    due = now + timedelta(hours=6)  # each a second apart: every enrollment's 1-day reminder has come
    async with database_server() as server, throwaway_database(server) as url:
        engine = create_engine(url, pool_size=20)
        sessionmaker = create_sessionmaker(engine)
        try:
            await seed(sessionmaker, people, due)
            print(
                f"{people:,} assigned enrollments due within the next day, half the trainees on Telegram, half on Slack"
            )
            planned, seconds = await timed_run(sessionmaker, now)
            print(f"plan: {seconds:.2f} s for {planned:,} reminders (rows and jobs, batches of {BATCH_SIZE:,})")
            again, seconds = await timed_run(sessionmaker, now + timedelta(minutes=1))
            print(f"next run, nothing new: {seconds * 1000:.0f} ms ({again} planned)")
            maxed, seconds = await timed_run(sessionmaker, due + timedelta(days=2))
            print(f"a run when every enrollment is overdue and has had its maximum: {seconds * 1000:.0f} ms "
                  f"({maxed} planned)")  # fmt: skip
            slack = FakeSlack()
            await slack.start()
            try:
                async with running_fake_telegram() as telegram:
                    await send_all(engine, sessionmaker, people, telegram, slack)
            finally:
                await slack.close()
        finally:
            await engine.dispose()


if __name__ == "__main__":
    from bot import event_loop

    asyncio.set_event_loop_policy(event_loop.policy())
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
