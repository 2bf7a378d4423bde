"""DATABASE_URL checks: accepted forms, and one clear message for each wrong one."""

import pytest

from bot.database import describe, parse_database_url
from bot.errors import StartupError


@pytest.mark.parametrize(
    "raw",
    [
        "postgresql://learn:pw@db.internal:5432/learnbot",
        "postgres://learn:pw@db.internal:5432/learnbot",
        "postgresql+asyncpg://learn:pw@db.internal:5432/learnbot",
        "  postgresql://learn@db.internal/learnbot  ",
    ],
)
def test_postgresql_urls_are_accepted_for_the_asyncpg_driver(raw: str) -> None:
    url = parse_database_url(raw)
    assert url.drivername == "postgresql+asyncpg"
    assert url.database == "learnbot"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("not a url", "not a valid URL"),
        ("mysql://root@localhost/learnbot", "must point at PostgreSQL"),
        ("sqlite:///learnbot.db", "must point at PostgreSQL"),
        ("postgresql://learn@db.internal:5432", "names no database"),
    ],
)
def test_wrong_urls_are_refused_with_a_message_naming_the_problem(raw: str, message: str) -> None:
    with pytest.raises(StartupError, match=message):
        parse_database_url(raw)


def test_described_urls_never_show_the_password() -> None:
    shown = describe(parse_database_url("postgresql://learn:s3cret@db.internal:5432/learnbot"))
    assert "s3cret" not in shown
    assert shown == "postgresql://learn:***@db.internal:5432/learnbot"


def test_a_separate_password_needs_no_url_escaping_and_replaces_the_urls_own() -> None:
    url = parse_database_url("postgresql://learn:old@db.internal:5432/learnbot", "p@ss/w:rd#1")
    assert url.password == "p@ss/w:rd#1"
    assert url.host == "db.internal"
    assert url.database == "learnbot"
    assert "p@ss" not in describe(url)
