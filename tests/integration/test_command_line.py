"""`learnbot` from a shell: database commands, the embedded default, and one clear line for bad input."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from bot import migrate
from tests.support.databases import database_server, dsn, throwaway_database


def learnbot(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env={**base, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("learnbot: ")
    assert expected in lines[0]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://postgres@127.0.0.1:1/learnbot", "connection refused"),
        ("postgresql://postgres@no-such-host.invalid/learnbot", "does not resolve"),
        ("postgresql://postgres@127.0.0.1:5432/learnbot_no_such_db", "does not exist"),
        ("mysql://root@localhost/learnbot", "must point at PostgreSQL"),
        ("::::", "not a valid URL"),
    ],
)
def test_a_wrong_database_url_gives_one_clear_line_and_a_failure_exit(url: str, expected: str) -> None:
    assert_one_clear_line(learnbot("db", "current", env={"DATABASE_URL": url}), expected)


def test_an_invalid_setting_names_its_environment_variable() -> None:
    result = learnbot("db", "current", env={"LEARNBOT_DB_POOL_SIZE": "lots"})
    assert_one_clear_line(result, "LEARNBOT_DB_POOL_SIZE")


async def test_db_commands_upgrade_show_and_downgrade_a_database(server_url: URL) -> None:
    async with throwaway_database(server_url, migrated=False) as url:
        env = {"DATABASE_URL": dsn(url)}
        assert "base (empty) (head is" in learnbot("db", "current", env=env).stdout
        assert migrate.head_revision() in learnbot("db", "upgrade", env=env).stdout
        assert "(up to date)" in learnbot("db", "current", env=env).stdout
        assert "0003_chat_tables" in learnbot("db", "downgrade", "0003_chat_tables", env=env).stdout
        assert_one_clear_line(learnbot("db", "downgrade", "nonsense", env=env), "unknown revision 'nonsense'")
        assert "base (empty)" in learnbot("db", "downgrade", "base", env=env).stdout


def test_without_database_url_learnbot_uses_an_embedded_server(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = learnbot("db", "upgrade", env={"LEARNBOT_DATA_DIR": str(data_dir)})
    assert first.returncode == 0, first.stderr
    assert "database at revision" in first.stdout
    assert (data_dir / "pgdata" / "PG_VERSION").exists()
    again = learnbot("db", "current", env={"LEARNBOT_DATA_DIR": str(data_dir)})
    assert "(up to date)" in again.stdout, again.stderr


async def test_tests_fall_back_to_an_embedded_server_when_none_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/postgres")
    async with database_server() as server, throwaway_database(server) as url:
        assert url.query.get("host"), "the embedded server is reached through its socket directory"
        result = learnbot("db", "current", env={"DATABASE_URL": dsn(url)})
        assert "(up to date)" in result.stdout, result.stderr
