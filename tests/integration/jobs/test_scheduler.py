"""The scheduled jobs run on pgqueuer's scheduler in every worker, with or without a chat platform, and each tick
runs in exactly one process however many run."""

import asyncio
import itertools
import os
import signal
import sys
from pathlib import Path

import asyncpg
import croniter  # type: ignore[import-untyped]
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.delivery.worker import asyncpg_dsn
from bot.bootstrap import build_services
from bot.delivery import build_worker, start_delivery_worker, stop_delivery_worker
from bot.jobs import SCHEDULED_JOBS
from bot.runtime import Database
from bot.settings import DeliverySettings, Settings
from domain.assessments.expiry import SUBMIT_AT_DEADLINE
from domain.delivery.outbox import PUBLISH_ANNOUNCEMENT
from tests.integration.assessments.support import Db, attempt, build_world
from tests.integration.assessments.test_time_limits import start_timed, walk_away

ROOT = Path(__file__).resolve().parents[3]
PROBE_TABLE = """CREATE TABLE scheduler_probe (
    id serial PRIMARY KEY, pid integer NOT NULL, started_at timestamptz NOT NULL, finished_at timestamptz)"""


def no_platform(tmp_path: Path, *, in_serve: bool = True) -> Settings:
    return Settings(
        data_dir=tmp_path, secret_key="scheduler-test-secret-key", delivery=DeliverySettings(in_serve=in_serve)
    )


def test_the_registry_names_each_job_once_with_a_valid_cron() -> None:
    names = [job.name for job in SCHEDULED_JOBS]
    assert len(names) == len(set(names))
    assert all(croniter.croniter.is_valid(job.cron) for job in SCHEDULED_JOBS)
    assert {"chat_inbox_sweep", "submit_expired_attempts", "audit_log_partitions", "forget_old_chat_records"} <= set(
        names
    )


async def test_a_worker_without_any_chat_platform_takes_no_delivery_but_runs_every_job(
    db: Db, engine: AsyncEngine, tmp_path: Path
) -> None:
    services = build_services(no_platform(tmp_path), db)

    worker = build_worker(Database(engine, db, embedded=False), services)

    assert worker.sender is None
    assert [job.name for job in worker.scheduled] == [job.name for job in SCHEDULED_JOBS]
    assert set(worker.timed) == {PUBLISH_ANNOUNCEMENT, SUBMIT_AT_DEADLINE}


async def test_serve_told_not_to_send_still_runs_the_scheduler(db: Db, engine: AsyncEngine, tmp_path: Path) -> None:
    services = build_services(no_platform(tmp_path, in_serve=False), db)

    running = start_delivery_worker(Database(engine, db, embedded=False), services)
    try:
        async with db() as session:
            for _ in range(200):
                names = set(await session.scalars(text("SELECT entrypoint FROM pgqueuer_schedules")))
                if names:
                    break
                await asyncio.sleep(0.05)
    finally:
        await stop_delivery_worker(running)

    assert running.worker.sender is None
    assert names == {job.name for job in SCHEDULED_JOBS}


async def start(arguments: list[str], env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        *arguments, cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
    )
    assert process.stdout is not None
    await asyncio.wait_for(process.stdout.readline(), 60)
    return process


async def stop(*processes: asyncio.subprocess.Process) -> None:
    for process in processes:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        await asyncio.wait_for(process.wait(), 30)


async def test_two_worker_processes_run_each_tick_of_a_schedule_in_one_of_them(database_url: URL) -> None:
    dsn = asyncpg_dsn(database_url)
    connection = await asyncpg.connect(dsn)
    await connection.execute(PROBE_TABLE)
    try:
        # The probe runs every second and takes half a second: a tick taken by both would overlap.
        command = [sys.executable, "-m", "tests.support.scheduler_process", dsn, "0.5"]
        processes = [await start(command), await start(command)]
        try:
            for _ in range(600):
                if await connection.fetchval("SELECT count(*) FROM scheduler_probe WHERE finished_at IS NOT NULL") >= 6:
                    break
                await asyncio.sleep(0.1)
        finally:
            await stop(*processes)
        runs = await connection.fetch("SELECT pid, started_at, finished_at FROM scheduler_probe ORDER BY started_at")
    finally:
        await connection.execute("DROP TABLE scheduler_probe")
        await connection.execute("DELETE FROM pgqueuer_schedules WHERE entrypoint = 'scheduler_probe'")
        await connection.close()

    finished = [run for run in runs if run["finished_at"] is not None]
    assert len(finished) >= 6
    for before, after in itertools.pairwise(runs):
        assert before["finished_at"] is not None, before
        assert before["finished_at"] <= after["started_at"], (before, after)
    assert {run["pid"] for run in runs} <= {process.pid for process in processes}


async def test_a_learnbot_worker_with_no_chat_platform_hands_in_an_attempt_at_its_deadline(
    db: Db, database_url: URL, tmp_path: Path
) -> None:
    world = await build_world(db)
    _, (row, _) = await start_timed(world)
    deadline = await walk_away(world, row.id, minutes_ago=10)
    async with db() as session, session.begin():
        await session.execute(text("UPDATE pgqueuer SET execute_after = now()"))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TELEGRAM_", "SLACK_", "LEARNBOT_"))}
    env |= {
        "DATABASE_URL": database_url.set(drivername="postgresql").render_as_string(hide_password=False),
        "LEARNBOT_SECRET_KEY": "scheduler-test-secret-key",
        "LEARNBOT_DATA_DIR": str(tmp_path),
    }
    learnbot = str(Path(sys.executable).with_name("learnbot"))
    process = await asyncio.create_subprocess_exec(
        learnbot, "worker", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        assert b"no chat platform is configured: deliveries wait" in line, line
        expected = {job.name for job in SCHEDULED_JOBS}
        for _ in range(300):
            async with db() as session:
                schedules = set(await session.scalars(text("SELECT entrypoint FROM pgqueuer_schedules")))
            if (await attempt(db, row.id)).submitted_at is not None and schedules == expected:
                break
            await asyncio.sleep(0.1)
    finally:
        await stop(process)

    assert (await attempt(db, row.id)).submitted_at == deadline
    assert schedules == expected
