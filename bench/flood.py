"""Fairness: another person's reply time while one person floods the Telegram webhook with updates at once.

Run from the project root:  .venv/bin/python -m bench.flood [FLOOD] [PROBES]

The real app (bot.bootstrap, the webhook, PostgreSQL in a throwaway database, the fake Bot API), a pool of 5
connections as `learnbot serve` has by default. Two linked trainees: one sends PROBES updates ("my"), one after
the other, and their p50/p99 is printed: alone, then while the other posts FLOOD updates all at once (over their
own connections: Telegram's webhook has max_connections, 40 by default, shared by every sender). Both with
per-sender turns (adapters/chat/turns.py) and without them (every update of one sender at once, as before).
"""

import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if not __package__:  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp import ClientSession, TCPConnector, web

from adapters.chat.turns import Turns
from adapters.telegram.setup import setup_telegram
from bench.telegram_webhook import over_unix_socket, served
from bot import event_loop
from bot.bootstrap import build_services
from bot.database import create_engine, create_sessionmaker
from tests.e2e.telegram.demo import load_demo
from tests.e2e.telegram.harness import SECRET, telegram_settings
from tests.support.databases import database_server, throwaway_database
from tests.support.fake_telegram import FakeTelegram, Person, message_update, running_fake_telegram

FLOODER, PROBER = Person(30_000_001, "Flo", "Flood"), Person(30_000_002, "Pia", "Probe")
UNLIMITED = 1_000_000


class Client:
    def __init__(self, session: ClientSession, url: str, fake: FakeTelegram) -> None:
        self.session, self.url, self.fake = session, url, fake
        self.failures = 0

    async def post(self, update: dict[str, Any]) -> float:
        """Seconds until the webhook answered."""
        started = time.perf_counter()
        async with self.session.post(self.url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as r:
            await r.read()
            if r.status != 200:
                self.failures += 1
        return time.perf_counter() - started


async def probe(client: Client, count: int) -> list[float]:
    return [await client.post(message_update(PROBER, "/my")) for _ in range(count)]


def line(name: str, latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"  {name:<44} p50 {statistics.median(ordered) * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms"


async def main(flood: int, probes: int) -> None:
    logging.basicConfig(level=logging.ERROR)
    async with (
        database_server() as server,
        throwaway_database(server) as url,
        running_fake_telegram() as fake,
        ClientSession() as session,
        ClientSession(connector=TCPConnector(limit=0)) as flood_session,
    ):
        engine = create_engine(over_unix_socket(url), pool_size=5)
        try:
            demo = await load_demo(create_sessionmaker(engine))
            emails = await demo.add_trainees(2)
            settings = telegram_settings(fake).model_copy(update={"data_dir": Path(tempfile.mkdtemp(prefix="bench-"))})
            services = build_services(settings, demo.sessionmaker)
            assert services.telegram is not None
            app = web.Application()
            setup_telegram(app, services.telegram)
            async with served(app) as url_served:
                # Apart, as the two people's updates would be: one client's connection limit is not the app's.
                client, flooder = Client(session, url_served, fake), Client(flood_session, url_served, fake)
                for person, email in zip((FLOODER, PROBER), emails, strict=True):
                    await client.post(message_update(person, f"/start {await demo.invite(email)}"))
                print(f"One person posts {flood} updates at once; another sends {probes}, one after the other.")
                for name, per_sender in (("without turns (before)", UNLIMITED), ("with turns of 1 per sender", 1)):
                    services.chat.turns = Turns(per_sender=per_sender)
                    await probe(client, 20)  # warm-up
                    alone = await probe(client, probes)
                    client.failures = flooder.failures = 0
                    flooding = asyncio.gather(*(flooder.post(message_update(FLOODER, "/my")) for _ in range(flood)))
                    await asyncio.sleep(0.05)  # the flood is in
                    during = await probe(client, probes)
                    flood_times = await flooding
                    print(f"{name}:")
                    print(line("the other person, alone", alone))
                    print(line(f"the other person, during a flood of {flood}", during))
                    print(line("the flooder's own updates", flood_times))
                    print(f"  {'':<44} webhook answers other than 200: {client.failures + flooder.failures}")
        finally:
            await engine.dispose()


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:3]]
    event_loop.run(main(*(arguments + [300, 50][len(arguments) :])))
