"""Updates per second and latency of the trainee journey through the Telegram webhook, beside a bare PTB echo bot.

Run from the project root:  .venv/bin/python -m bench.telegram_webhook [TRAINEES] [CONCURRENCY] [ROUNDS]

Both bots are served the same way: our aiohttp app on 127.0.0.1 with the webhook route (secret checked, the
update processed within the request), real python-telegram-bot, and the same fake Bot API (real HTTP). The
echo bot answers each text with one sendMessage; LearnBot runs each trainee's whole journey: link with
/start <invite>, browse, enroll, every item of the sample course, its quiz (native quiz polls and a typed
answer), completion, all on PostgreSQL (a throwaway database, dropped afterwards). The sample course's essay
question and assignment are left out here: an instructor would have to grade them before it can complete.

1. Throughput: CONCURRENCY people talk at once, each waiting for the answer before the next update; after a
   warm-up round of each, ROUNDS rounds of the echo bot and of LearnBot (TRAINEES journeys each) alternate,
   and the medians are compared. LearnBot also reports its SQL statements and PostgreSQL's CPU per update.
2. Latency: updates offered at a steady half of the echo bot's rate (the target), then at half of LearnBot's
   own rate; p50/p99 are measured from the moment each update was due, so a backlog counts against us.
The echo bot is python-telegram-bot as installed, on its default network layer (httpx); LearnBot's bot sends
through aiohttp (adapters/telegram/aiohttp_request.py). For reference, one more echo round on that layer is
printed; the target compares with the bare echo bot.
Client, app and fake Bot API share one event loop (one core; uvloop, as in `learnbot serve`), for both bots
alike; cpu is that process's CPU time per update (PostgreSQL's is reported apart). PostgreSQL is reached
through its Unix socket when it runs here; everything else goes over the loopback interface.
"""

import asyncio
import gc
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

if not __package__:  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp import ClientSession, web
from sqlalchemy import event, text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters
from telegram.request import BaseRequest

from adapters.telegram.aiohttp_request import AiohttpRequest
from adapters.telegram.setup import setup_telegram
from adapters.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH, webhook_handler
from bot import event_loop
from bot.bootstrap import build_services
from bot.database import create_engine, create_sessionmaker
from tests.e2e.telegram.demo import COURSE_CODE, Demo, load_demo
from tests.e2e.telegram.harness import SECRET, telegram_settings
from tests.e2e.telegram.journey import TelegramUser, take_the_course
from tests.support.databases import database_server, throwaway_database
from tests.support.fake_telegram import TOKEN, Call, FakeTelegram, Person, message_update, running_fake_telegram

Post = Callable[[dict[str, Any]], Awaitable[None]]
ECHO_MESSAGES_EACH = 30
LOCAL_SOCKET = "/var/run/postgresql/.s.PGSQL.5432"
FIRST_USER_ID = 10_000_000


class Webhook:
    """Posts updates to a served app as Telegram does, timing each."""

    def __init__(self, session: ClientSession, url: str, fake: FakeTelegram) -> None:
        self.session, self.url, self.fake = session, url, fake
        self.latencies: list[float] = []

    async def post(self, update: dict[str, Any], due: float | None = None) -> None:
        started = due if due is not None else time.perf_counter()
        headers = {SECRET_HEADER: SECRET}
        async with self.session.post(self.url, json=update, headers=headers) as response:
            if response.status != 200:
                raise RuntimeError(f"the webhook answered {response.status}: {await response.text()}")
            answer = await response.json() if response.content_type == "application/json" else None
        self.latencies.append(time.perf_counter() - started)
        if answer is not None:
            # Telegram performs a request given in the webhook's answer itself.
            await self.fake.answer_to_webhook(answer)


class Pacer:
    """Hands out permits at a steady rate; each permit carries the moment it was due."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self.permits: asyncio.Queue[float] = asyncio.Queue()

    async def run(self, limit: int) -> None:
        """Until cancelled, or `limit` permits."""
        start = time.perf_counter()
        for n in range(limit):
            due = start + n * self.interval
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            self.permits.put_nowait(due)

    def paced(self, webhook: Webhook) -> Post:
        async def post(update: dict[str, Any]) -> None:
            await webhook.post(update, due=await self.permits.get())

        return post


@asynccontextmanager
async def served(app: web.Application) -> AsyncIterator[str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}{WEBHOOK_PATH}"
    finally:
        await runner.cleanup()


def echo_app(fake: FakeTelegram, request: BaseRequest | None = None) -> web.Application:
    """A bare python-telegram-bot echo bot behind the same webhook route (on PTB's own network layer, or `request`)."""
    builder = ApplicationBuilder().token(TOKEN).base_url(fake.api_url).updater(None)
    if request is not None:
        builder = builder.request(request)
    application: Application[Any, Any, Any, Any, Any, Any] = builder.build()

    async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message is not None and update.message.text is not None:
            await update.message.reply_text(update.message.text)

    application.add_handler(MessageHandler(filters.TEXT, echo))

    async def process(data: dict[str, Any]) -> None:
        await application.process_update(Update.de_json(data, application.bot))

    async def running(_: web.Application) -> AsyncIterator[None]:
        async with application:
            yield

    app = web.Application()
    app.router.add_post(WEBHOOK_PATH, webhook_handler(SECRET, lambda: process))
    app.cleanup_ctx.append(running)
    return app


async def echo_people(post: Post, people: range) -> None:
    async def one(user_id: int) -> None:
        for n in range(ECHO_MESSAGES_EACH):
            await post(message_update(Person(user_id), f"hello {n}"))

    await asyncio.gather(*(one(user_id) for user_id in people))


async def trainees(post: Post, fake: FakeTelegram, invites: list[str], first_id: int) -> None:
    """Each invited trainee's whole journey, all at once."""

    class NoStaff:
        async def grade_essays(self) -> None:
            raise AssertionError("the bench course has no essay to grade")

        async def grade_assignments(self) -> None:
            raise AssertionError("the bench course has no assignment to grade")

    async def one(number: int, invite: str) -> None:
        user = TelegramUser(Person(first_id + number, "Bench", f"Trainee {number}"), fake, post)
        await user.say(f"/start {invite}")
        await take_the_course(user, COURSE_CODE, NoStaff())

    await asyncio.gather(*(one(number, invite) for number, invite in enumerate(invites)))


class Timer:
    """Wall-clock and CPU time (this process: client, app and fake Bot API; not PostgreSQL) of a phase."""

    def __enter__(self) -> "Timer":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def report(name: str, latencies: list[float], timer: Timer, *, rate: bool = True) -> float:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000
    per_second = len(ordered) / timer.wall
    cpu = timer.cpu / len(ordered) * 1000
    shown = f"{per_second:7.1f} updates/s" if rate else " " * 17
    print(
        f"  {name:<30}{len(ordered):5d} updates {shown}  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  cpu {cpu:5.1f} ms/update"
    )
    return per_second


async def bench_course(demo: Demo) -> None:
    """The sample course without its essay question and its assignment, so it completes without an instructor."""

    def trainee_only(document: Any) -> None:
        for assessment in document["assessments"]:
            assessment["questions"] = [q for q in assessment["questions"] if q["type"] != "essay"]
        document.pop("assignments", None)

    await demo.reimport_course(trainee_only)


def freeze_heap() -> None:
    """Before each round: what exists now (the fake Bot API's records of every earlier call, above all) is
    left out of later full garbage collections, so collecting the harness's own records does not pause
    the bot being measured. `learnbot serve` freezes what its start-up made the same way."""
    gc.collect()
    gc.freeze()


class FullCollections:
    """The pauses of full (generation 2) garbage collections while active."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0

    def _seen(self, phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)

    def __enter__(self) -> "FullCollections":
        gc.callbacks.append(self._seen)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._seen)

    def __str__(self) -> str:
        longest = max(self.pauses, default=0.0) * 1000
        return f"full garbage collections: {len(self.pauses)}, longest pause {longest:.0f} ms"


async def paced_journeys(url: str, session: ClientSession, fake: FakeTelegram, invites: list[str], rate: float) -> None:
    """The journeys of these trainees with updates offered at `rate` per second."""
    paced, pacer = Webhook(session, url, fake), Pacer(rate)
    freeze_heap()
    permits = asyncio.create_task(pacer.run(limit=100 * len(invites)))
    with Timer() as timer, FullCollections() as collections:
        await trainees(pacer.paced(paced), fake, invites, first_id=next_ids(len(invites)))
    permits.cancel()
    report(f"LearnBot journey at {rate:.0f}/s", paced.latencies, timer, rate=False)
    print(f"  {'':<30}{collections}")


_next_user_id = [2 * FIRST_USER_ID]


def next_ids(count: int) -> int:
    """The first of `count` Telegram user ids nobody has used yet."""
    first = _next_user_id[0]
    _next_user_id[0] += count
    return first


def count_statements(engine: AsyncEngine) -> list[int]:
    counter = [0]

    def counted(*_: Any) -> None:
        counter[0] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", counted)
    return counter


async def echo_round(session: ClientSession, fake: FakeTelegram, url: str, concurrency: int) -> float:
    webhook = Webhook(session, url, fake)
    with Timer() as timer:
        await echo_people(webhook.post, range(FIRST_USER_ID, FIRST_USER_ID + concurrency))
    return report("echo bot, throughput", webhook.latencies, timer)


async def learnbot_round(
    session: ClientSession,
    fake: FakeTelegram,
    url: str,
    invites: list[str],
    concurrency: int,
    statements: list[int],
    engine: AsyncEngine,
) -> float:
    webhook = Webhook(session, url, fake)
    database_cpu = DatabaseCpu(engine)
    cpu_before = await database_cpu.snapshot()
    statements[0], requests = 0, len(api_requests(fake))
    with Timer() as timer:
        for batch in range(0, len(invites), concurrency):
            batch_invites = invites[batch : batch + concurrency]
            await trainees(webhook.post, fake, batch_invites, next_ids(len(batch_invites)))
    rate = report("LearnBot journey, throughput", webhook.latencies, timer)
    updates = len(webhook.latencies)
    sql_statements, database_seconds = statements[0], DatabaseCpu.spent(cpu_before, await database_cpu.snapshot())
    print(
        f"  {'':<30}per update: {sql_statements / updates:.1f} SQL statements, "
        f"{(len(api_requests(fake)) - requests) / updates:.1f} Bot API requests (echo bot: 1), "
        f"PostgreSQL cpu {database_seconds / updates * 1000:.1f} ms"
    )
    return rate


class DatabaseCpu:
    """CPU time of this database's server processes (Linux /proc; the server on this machine), in seconds."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def snapshot(self) -> dict[int, float]:
        async with self.engine.connect() as connection:
            pids = (
                await connection.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"))
            ).all()
        return cpu_seconds(pids)

    @staticmethod
    def spent(before: dict[int, float], after: dict[int, float]) -> float:
        return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def cpu_seconds(pids: Sequence[int]) -> dict[int, float]:
    """User and system CPU time of each process (those gone or elsewhere are left out)."""
    seconds: dict[int, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def api_requests(fake: FakeTelegram) -> list[Call]:
    """Requests the bot made to the Bot API (not those made by answering a webhook request)."""
    return [call for call in fake.calls if not call.in_webhook_answer]


def over_unix_socket(url: URL) -> URL:
    """The local server through its Unix socket when it has one: the way LearnBot should reach a PostgreSQL on
    its own machine (a round trip costs about half the CPU of one over TCP on the loopback interface)."""
    if url.host in ("127.0.0.1", "localhost") and (url.port or 5432) == 5432 and Path(LOCAL_SOCKET).exists():
        return url.set(host=None, port=None).update_query_dict({"host": str(Path(LOCAL_SOCKET).parent)})
    return url


async def main(trainee_count: int, concurrency: int, rounds: int) -> None:
    logging.basicConfig(level=logging.WARNING)
    async with (
        database_server() as server,
        throwaway_database(server) as url,
        running_fake_telegram() as fake,
        ClientSession() as session,
    ):
        url = over_unix_socket(url)
        engine = create_engine(url, pool_size=concurrency + 4)
        try:
            demo = await load_demo(create_sessionmaker(engine))
            await bench_course(demo)
            emails = await demo.add_trainees(trainee_count * (rounds + 3))
            invites = [await demo.invite(email) for email in emails]
            statements = count_statements(engine)
            print(f"Telegram webhook, {concurrency} people at once; client, app and fake Bot API share one loop.")
            print(f"PostgreSQL at {url.query.get('host') or url.host}")

            app = web.Application()
            settings = telegram_settings(fake).model_copy(update={"data_dir": Path(tempfile.mkdtemp(prefix="bench-"))})
            services = build_services(settings, demo.sessionmaker)
            assert services.telegram is not None
            setup_telegram(app, services.telegram)
            echo_rates, learnbot_rates = [], []
            async with served(echo_app(fake)) as echo_url, served(app) as learnbot_url:
                # Round 0 warms both up (connections, prepared statements and their plans) and is not counted.
                # Rounds alternate, so that a busy moment on the machine does not favour one bot.
                for round_number in range(rounds + 1):
                    if round_number == 0:
                        print("  (warm-up round, not counted)")
                    freeze_heap()
                    echo_rates.append(await echo_round(session, fake, echo_url, concurrency))
                    freeze_heap()
                    journeys = invites[round_number * trainee_count : (round_number + 1) * trainee_count]
                    learnbot_rates.append(
                        await learnbot_round(session, fake, learnbot_url, journeys, concurrency, statements, engine)
                    )
                    if round_number == 0:
                        print("  (measured rounds)")
                async with served(echo_app(fake, AiohttpRequest())) as echo_on_aiohttp_url:
                    print("  (for reference: the echo bot on LearnBot's network layer, aiohttp)")
                    await echo_round(session, fake, echo_on_aiohttp_url, concurrency)
                echo_rate, learnbot_rate = statistics.median(echo_rates[1:]), statistics.median(learnbot_rates[1:])
                print(
                    f"Medians: echo bot {echo_rate:.1f} updates/s, LearnBot {learnbot_rate:.1f} updates/s; "
                    f"ratio {learnbot_rate / echo_rate:.2f} (target >= 0.60)"
                )
                print("Latency with updates offered at a steady rate (from when each was due):")
                paced = invites[(rounds + 1) * trainee_count :]
                await paced_journeys(learnbot_url, session, fake, paced[:trainee_count], echo_rate / 2)
                await paced_journeys(learnbot_url, session, fake, paced[trainee_count:], learnbot_rate / 2)
        finally:
            await engine.dispose()


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:4]]
    event_loop.run(main(*(arguments + [24, 8, 3][len(arguments) :])))
