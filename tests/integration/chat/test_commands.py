"""`learnbot invite`, `learnbot slack connect`, and the web app's /healthz (in process and under `learnbot serve`)."""

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

from aiohttp import ClientSession, web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import Services
from bot.web import create_app
from domain.models import SlackWorkspace
from tests.integration.chat.conftest import People
from tests.integration.chat.helpers import telegram
from tests.integration.chat.test_linking import identities
from tests.support import factories
from tests.support.databases import dsn


def learnbot(database_url: URL, data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DATABASE_URL": dsn(database_url), "LEARNBOT_DATA_DIR": str(data_dir), **env}
    for unset in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL"):
        if unset not in env:
            environment.pop(unset, None)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


async def test_an_invite_without_a_bot_token_prints_the_code_and_the_start_command_and_links_once(
    services: Services, people: People, database_url: URL, tmp_path: Path, db: async_sessionmaker[AsyncSession]
) -> None:
    made = await asyncio.to_thread(
        learnbot, database_url, tmp_path, "invite", "--org", people.org.slug, "--email", people.trainee.email
    )

    assert made.returncode == 0, made.stderr
    assert f"Invite for Tom Trainee ({people.trainee.email})" in made.stdout
    code = re.search(r"/start ([A-Za-z0-9_-]{16})(?!\S)", made.stdout)
    assert code is not None, made.stdout
    await services.chat.handle(telegram("1001", f"/start {code.group(1)}"))
    assert await identities(db) == [("telegram", "1001", people.trainee.id)]


async def test_an_invite_with_a_bot_token_prints_a_telegram_deep_link(
    people: People, database_url: URL, tmp_path: Path
) -> None:
    async def get_me(request: web.Request) -> web.Response:
        user = {"id": 42, "is_bot": True, "first_name": "Acme Learning", "username": "AcmeLearnBot"}
        return web.json_response({"ok": True, "result": user})

    fake_bot_api = web.Application()
    fake_bot_api.router.add_route("*", "/bot{token}/getMe", get_me)
    async with TestServer(fake_bot_api) as server:
        made = await asyncio.to_thread(
            learnbot,
            database_url,
            tmp_path,
            "invite",
            "--org",
            people.org.slug,
            "--email",
            people.trainee.email,
            TELEGRAM_BOT_TOKEN="42:secret",
            TELEGRAM_API_URL=str(server.make_url("/bot")),
        )

    assert made.returncode == 0, made.stderr
    assert re.search(r"https://t\.me/AcmeLearnBot\?start=[A-Za-z0-9_-]{16}\n", made.stdout), made.stdout


async def test_inviting_someone_unknown_fails_with_a_clear_message(
    people: People, database_url: URL, tmp_path: Path
) -> None:
    made = await asyncio.to_thread(
        learnbot, database_url, tmp_path, "invite", "--org", people.org.slug, "--email", "ghost@acme.example"
    )
    assert made.returncode == 1
    assert "No one with the email 'ghost@acme.example' belongs to this organization." in made.stderr


async def test_connecting_a_slack_workspace_is_idempotent_and_one_team_belongs_to_one_organization(
    people: People, database_url: URL, tmp_path: Path, db: async_sessionmaker[AsyncSession]
) -> None:
    async with db() as session:
        other = await factories.organization(session)
        await session.commit()

    first = await asyncio.to_thread(
        learnbot, database_url, tmp_path, "slack", "connect", "--org", people.org.slug, "--team", "t0acme"
    )
    again = await asyncio.to_thread(
        learnbot, database_url, tmp_path, "slack", "connect", "--org", people.org.slug, "--team", "T0ACME"
    )
    taken = await asyncio.to_thread(
        learnbot, database_url, tmp_path, "slack", "connect", "--org", other.slug, "--team", "T0ACME"
    )
    bad = await asyncio.to_thread(
        learnbot, database_url, tmp_path, "slack", "connect", "--org", other.slug, "--team", "acme!"
    )

    assert first.returncode == 0, first.stderr
    assert "Slack team T0ACME is connected to" in first.stdout
    assert "already is connected" in again.stdout
    assert taken.returncode == 1
    assert f"already connected to another organization ({people.org.slug})" in taken.stderr
    assert bad.returncode == 1
    assert "is not a Slack team id" in bad.stderr
    async with db() as session:
        assert list(await session.scalars(select(SlackWorkspace.organization_id))) == [people.org.id]


async def test_healthz_answers_ok_when_the_database_answers(services: Services) -> None:
    async with TestClient(TestServer(create_app(services))) as client:
        response = await client.get("/healthz")
        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_setup_callables_add_to_the_app(services: Services) -> None:
    async def ping(request: web.Request) -> web.Response:
        return web.Response(text="pong")

    def setup(app: web.Application) -> None:
        app.router.add_get("/ping", ping)

    async with TestClient(TestServer(create_app(services, [setup]))) as client:
        assert await (await client.get("/ping")).text() == "pong"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_serve_answers_healthz_and_stops_cleanly_on_sigterm(database_url: URL, tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": dsn(database_url),
        "LEARNBOT_DATA_DIR": str(tmp_path),
        "LEARNBOT_PORT": str(port),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
        assert f"serving on http://127.0.0.1:{port}" in line.decode()
        async with ClientSession() as client, client.get(f"http://127.0.0.1:{port}/healthz") as response:
            assert response.status == 200
            assert await response.json() == {"status": "ok"}
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        status = await asyncio.wait_for(process.wait(), timeout=30)
    assert status == 0
