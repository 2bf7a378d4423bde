"""One announcement to 10,000 linked trainees (half Telegram, half Slack) through the fake Bot and Web APIs.

Run from the project root:  .venv/bin/python -m bench.broadcast [PEOPLE]
It creates a throwaway database (on TEST_DATABASE_URL, the local server, or an embedded one), and drops it.

Prints: the time to enqueue (the `announce` command: recipients resolved, a delivery row and a pgqueuer job
each, one transaction); the send rate each platform achieved as a share of its configured limit (two
workers in this process, sharing the limits through PostgreSQL); lost and doubled messages counted at the
fake servers; then the same for a second announcement sent by `learnbot worker` processes, one of them
killed with SIGKILL a third of the way through and another started in its place.
"""

import asyncio
import os
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

if not __package__:  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.slack.sending_only import sending_only as slack_sending_only
from adapters.telegram.sending_only import sending_only
from bot.bootstrap import Services, build_services
from bot.database import create_engine, create_sessionmaker
from bot.delivery import build_worker, delivery_backends
from bot.runtime import Database
from bot.settings import DeliverySettings, Settings, SlackSettings, TelegramSettings
from domain.announcements.commands import PostAnnouncement
from tests.support.databases import database_server, throwaway_database
from tests.support.fake_slack import FakeSlack
from tests.support.fake_telegram import TOKEN, FakeTelegram, running_fake_telegram

SLACK_TOKEN = "xoxb-bench"
SECRET = "bench-secret-key-bench-secret-key"
FINAL = "('sent', 'failed', 'uncertain', 'withdrawn')"

SEED = """
WITH org AS (
    INSERT INTO organizations (name, slug, settings)
    VALUES ('Bench Broadcast', 'bench-broadcast', '{"quiet_hours": false}') RETURNING id
), teacher AS (
    INSERT INTO users (organization_id, employee_id, username, email, password_hash, first_name, last_name, role)
    SELECT id, 'T0', 'teacher', 'teacher@bench.example', '!', 'Tess', 'Teacher', 'instructor' FROM org
    RETURNING id, organization_id
), course AS (
    INSERT INTO courses (organization_id, course_code, title, instructor_id, status)
    SELECT organization_id, 'BC-1', 'Broadcast', id, 'published' FROM teacher RETURNING id, organization_id
), trainees AS (
    INSERT INTO users (organization_id, employee_id, username, email, password_hash, first_name, last_name, role)
    SELECT org.id, 'E' || n, 'trainee' || n, 'trainee' || n || '@bench.example', '!', 'Trainee', 'N' || n, 'trainee'
    FROM org, generate_series(1, :people) AS n
    RETURNING id, organization_id, employee_id
), enrolled AS (
    INSERT INTO enrollments (trainee_id, course_id) SELECT t.id, c.id FROM trainees t, course c
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


async def seed(sessionmaker: async_sessionmaker[AsyncSession], people: int) -> tuple[uuid.UUID, uuid.UUID]:
    async with sessionmaker() as session:
        await session.execute(text(SEED), {"people": people})
        row = (await session.execute(text("SELECT id, organization_id FROM users WHERE username = 'teacher'"))).one()
        await session.commit()
    # As autovacuum would shortly after an import this size: plans for 10,000 rows, not for empty tables.
    async with sessionmaker() as session:
        await session.execute(text("ANALYZE"))
    return row.organization_id, row.id


async def open_deliveries(sessionmaker: async_sessionmaker[AsyncSession], announcement: str) -> int:
    async with sessionmaker() as session:
        return int(
            await session.scalar(
                text(
                    f"SELECT count(*) FROM deliveries d JOIN announcements a ON a.id = d.announcement_id "
                    f"WHERE a.title = :title AND d.status NOT IN {FINAL}"
                ),
                {"title": announcement},
            )
            or 0
        )


async def until_done(sessionmaker: async_sessionmaker[AsyncSession], announcement: str) -> None:
    while await open_deliveries(sessionmaker, announcement):  # noqa: ASYNC110 (polls the database)
        await asyncio.sleep(0.5)


def copies(telegram: FakeTelegram, slack: FakeSlack, words: str) -> tuple[Counter[str], list[float], list[float]]:
    """Messages that reached each chat (by chat id), and when, per platform."""
    counted: Counter[str] = Counter()
    telegram_times, slack_times = [], []
    for call in telegram.calls_to("sendMessage"):
        if words in str(call.params.get("text", "")):
            counted[f"telegram:{call.chat_id}"] += 1
            telegram_times.append(call.at)
    for post in slack.calls_of("chat.postMessage"):
        if post.ok and words in str(post.params.get("text", "")) + str(post.params.get("blocks", "")):
            counted[f"slack:{post.params.get('channel')}"] += 1
            slack_times.append(post.at)
    return counted, telegram_times, slack_times


def rate(times: list[float], limit: float) -> str:
    if len(times) < 2:
        return "n/a"
    achieved = (len(times) - 1) / (max(times) - min(times))
    return f"{achieved:.1f}/s of {limit:g}/s = {achieved / limit:.3f}"


async def statuses(sessionmaker: async_sessionmaker[AsyncSession], title: str) -> Counter[str]:
    async with sessionmaker() as session:
        rows = await session.execute(
            text(
                "SELECT d.status, count(*) FROM deliveries d JOIN announcements a ON a.id = d.announcement_id "
                "WHERE a.title = :title GROUP BY d.status"
            ),
            {"title": title},
        )
        return Counter({status: count for status, count in rows})


def report(label: str, people: int, found: Counter[str], states: Counter[str]) -> None:
    lost = people - len(found)
    doubled = sum(1 for n in found.values() if n > 1)
    print(f"{label}: {sum(found.values()):,} messages to {len(found):,} of {people:,} people: lost {lost}, doubled "
          f"{doubled} (target 0 and 0); deliveries {dict(states)}")  # fmt: skip


async def worker_process(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("learnbot")), "worker", env=env, stdout=asyncio.subprocess.DEVNULL
    )


async def main(people: int) -> None:
    async with database_server() as server, throwaway_database(server) as url:
        engine = create_engine(url, pool_size=20)
        sessionmaker = create_sessionmaker(engine)
        org, teacher = await seed(sessionmaker, people)
        slack = FakeSlack()
        await slack.start()
        try:
            async with running_fake_telegram() as telegram:
                await run(url, engine, sessionmaker, org, teacher, people, telegram, slack)
        finally:
            await slack.close()
            await engine.dispose()


async def run(
    url: URL,
    engine: object,
    sessionmaker: async_sessionmaker[AsyncSession],
    org: uuid.UUID,
    teacher: uuid.UUID,
    people: int,
    telegram: FakeTelegram,
    slack: FakeSlack,
) -> None:
    limits = DeliverySettings(heartbeat_timeout=3.0)
    data_dir = Path(tempfile.mkdtemp(prefix="bench-broadcast-"))
    settings = Settings(
        data_dir=data_dir,
        secret_key=SECRET,
        telegram=TelegramSettings(bot_token=TOKEN, api_url=telegram.api_url),
        slack=SlackSettings(bot_token=SLACK_TOKEN, api_url=slack.api_url, signing_secret=SECRET),
        delivery=limits,
    )
    services = build_services(settings, sessionmaker)
    if not delivery_backends(services):
        raise SystemExit("bench.broadcast needs the Telegram and Slack chat backends (ChatBackend.send)")
    database = Database(engine, sessionmaker, embedded=False)  # type: ignore[arg-type]
    print(f"{people:,} trainees, half on Telegram (limit {limits.telegram_per_second:g}/s), half on Slack "
          f"(limit {limits.slack_per_second:g}/s)")  # fmt: skip

    started = time.perf_counter()
    await services.bus.handle(teacher, org, PostAnnouncement(audience="BC-1", title="First", text="Broadcast one"))
    print(f"enqueue: {time.perf_counter() - started:.2f} s for {people:,} deliveries (target < 2 s)")

    assert services.telegram is not None
    assert services.slack is not None
    async with sending_only(services.telegram), slack_sending_only(services.slack):
        await in_process(database, services, sessionmaker, people, limits, telegram, slack)
    await with_a_kill(url, data_dir, services, sessionmaker, org, teacher, people, telegram, slack)


async def in_process(
    database: Database,
    services: Services,
    sessionmaker: async_sessionmaker[AsyncSession],
    people: int,
    limits: DeliverySettings,
    telegram: FakeTelegram,
    slack: FakeSlack,
) -> None:
    workers = [build_worker(database, services) for _ in range(2)]
    tasks = [asyncio.create_task(w.run()) for w in workers]
    started = time.perf_counter()
    await until_done(sessionmaker, "First")
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.stop()
    await asyncio.gather(*tasks, return_exceptions=True)
    found, telegram_times, slack_times = copies(telegram, slack, "Broadcast one")
    print(f"sent in {elapsed:.1f} s by 2 workers; Telegram {rate(telegram_times, limits.telegram_per_second)}, "
          f"Slack {rate(slack_times, limits.slack_per_second)} (target >= 0.95)")  # fmt: skip
    report("two workers", people, found, await statuses(sessionmaker, "First"))


async def with_a_kill(
    url: URL,
    data_dir: Path,
    services: Services,
    sessionmaker: async_sessionmaker[AsyncSession],
    org: uuid.UUID,
    teacher: uuid.UUID,
    people: int,
    telegram: FakeTelegram,
    slack: FakeSlack,
) -> None:

    env = {
        **os.environ,
        "DATABASE_URL": url.set(drivername="postgresql").render_as_string(hide_password=False),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram.api_url,
        "SLACK_BOT_TOKEN": SLACK_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "SLACK_SIGNING_SECRET": SECRET,
        "LEARNBOT_SECRET_KEY": SECRET,
        "LEARNBOT_DATA_DIR": str(data_dir),
        "LEARNBOT_DELIVERY_HEARTBEAT_TIMEOUT": "3",
    }
    await services.bus.handle(teacher, org, PostAnnouncement(audience="BC-1", title="Second", text="Broadcast two"))
    first = await worker_process(env)
    while len(copies(telegram, slack, "Broadcast two")[0]) < people // 3:  # noqa: ASYNC110 (polls the fakes)
        await asyncio.sleep(0.1)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    killed_at = len(copies(telegram, slack, "Broadcast two")[0])
    second = await worker_process(env)
    await until_done(sessionmaker, "Second")
    second.send_signal(signal.SIGTERM)
    await second.wait()
    found, _, _ = copies(telegram, slack, "Broadcast two")
    print(f"worker killed (SIGKILL) after {killed_at:,} sent, another started")
    report("after the kill", people, found, await statuses(sessionmaker, "Second"))
    uncertain = await uncertain_chats(sessionmaker, "Second")
    arrived = sum(1 for chat in uncertain if found[chat])
    print(f"in flight at the kill (uncertain): {len(uncertain)}, of which {arrived} arrived and "
          f"{len(uncertain) - arrived} were lost")  # fmt: skip


async def uncertain_chats(sessionmaker: async_sessionmaker[AsyncSession], title: str) -> list[str]:
    """The chats (as `copies` names them) of the deliveries left uncertain."""
    async with sessionmaker() as session:
        rows = await session.execute(
            text(
                "SELECT c.platform, c.dm_chat_id FROM deliveries d JOIN announcements a ON a.id = d.announcement_id "
                "JOIN chat_identities c ON c.id = d.chat_identity_id WHERE a.title = :title AND d.status = 'uncertain'"
            ),
            {"title": title},
        )
        return [f"{platform}:{chat}" for platform, chat in rows]


if __name__ == "__main__":
    from bot import event_loop

    asyncio.set_event_loop_policy(event_loop.policy())
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
