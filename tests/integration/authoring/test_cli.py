"""`learnbot course ...` end to end: the real command line against the test database."""

import asyncio
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import URL

from bot.cli import main
from domain.models import AuditLog, Course
from tests.integration.authoring.support import SAMPLE, Sessions, count, tenant
from tests.support.databases import dsn


@pytest.fixture
def command_line(monkeypatch: pytest.MonkeyPatch, database_url: URL) -> None:
    monkeypatch.setenv("DATABASE_URL", dsn(database_url))


async def learnbot(*argv: str) -> int:
    # main() runs its own event loop (asyncio.run), so it gets a thread of its own.
    return await asyncio.to_thread(main, list(argv))


@pytest.mark.usefixtures("command_line")
async def test_the_sample_course_goes_through_import_list_export_publish_and_archive(
    db: Sessions, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    org = (await tenant(db)).organization.slug

    assert await learnbot("course", "import", str(SAMPLE), "--org", org) == 0
    assert capsys.readouterr().out.startswith("SEC-101 created (1 assessment.created, 1 assignment.created, 13 content")
    assert await learnbot("course", "list", "--org", org) == 0
    assert capsys.readouterr().out.split()[:3] == ["SEC-101", "draft", "Information"]
    assert await learnbot("course", "export", "SEC-101", "--org", org) == 0
    exported = yaml.safe_load(capsys.readouterr().out)
    assert await learnbot("course", "export", "SEC-101", "--org", org, "-o", str(tmp_path / "sec.json")) == 0
    assert capsys.readouterr().out == f"SEC-101 exported to {tmp_path / 'sec.json'}.\n"
    assert yaml.safe_load((tmp_path / "sec.json").read_text()) == exported
    assert await learnbot("course", "import", str(tmp_path / "sec.json"), "--org", org) == 0
    assert capsys.readouterr().out == "SEC-101 is unchanged: the file matches the course.\n"
    assert await learnbot("course", "publish", "SEC-101", "--org", org) == 0
    assert capsys.readouterr().out == "SEC-101 is published.\n"
    assert await learnbot("course", "archive", "SEC-101", "--org", org) == 0
    assert capsys.readouterr().out == "SEC-101 is archived.\n"


@pytest.mark.usefixtures("command_line")
async def test_an_invalid_file_prints_every_problem_on_its_own_line_and_writes_nothing(
    db: Sessions, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    org = (await tenant(db)).organization.slug
    document = yaml.safe_load(SAMPLE.read_text())
    document["difficulty"] = "expert"
    document["modules"][2]["content"][0]["type"] = "vid"
    document["assessments"][0]["questions"][0]["correct_answer"] = 7
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(document))

    assert await learnbot("course", "import", str(bad), "--org", org) == 1

    assert capsys.readouterr().err.splitlines() == [
        f"learnbot: {bad}: 3 problem(s); nothing was imported:",
        "  difficulty: unknown 'expert' (expected one of: beginner, intermediate or advanced)",
        "  modules[2].content[0].type: unknown 'vid' (expected one of: text, link, video, document, quiz)",
        "  assessments[0].questions[0].correct_answer: 7 is not an option index (0 to 3)",
    ]
    assert (await count(db, Course), await count(db, AuditLog)) == (0, 0)


@pytest.mark.usefixtures("command_line")
async def test_a_missing_or_unreadable_file_is_one_clear_line(
    db: Sessions, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    org = (await tenant(db)).organization.slug
    broken = tmp_path / "broken.yaml"
    broken.write_text("code: SEC-101\ntitle: [unclosed\n")

    assert await learnbot("course", "import", str(tmp_path / "none.yaml"), "--org", org) == 1
    assert capsys.readouterr().err == f"learnbot: {tmp_path / 'none.yaml'}: no such file\n"
    assert await learnbot("course", "import", str(broken), "--org", org) == 1
    assert capsys.readouterr().err == (
        "learnbot: broken.yaml is not valid YAML (line 3, column 1): expected ',' or ']', but got '<stream end>'\n"
    )
    assert await count(db, Course) == 0


@pytest.mark.usefixtures("command_line")
async def test_publishing_a_course_without_modules_prints_why_and_fails(
    db: Sessions, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    org = (await tenant(db)).organization.slug
    empty = tmp_path / "empty.yaml"
    empty.write_text("code: EMPTY-1\ntitle: Nothing yet\ninstructor: irene.instructor@acme.example\n")
    assert await learnbot("course", "import", str(empty), "--org", org) == 0

    assert await learnbot("course", "publish", "EMPTY-1", "--org", org) == 1

    assert capsys.readouterr().err == (
        "learnbot: Course EMPTY-1 has no modules yet; add at least one module before publishing it.\n"
    )


@pytest.mark.usefixtures("command_line")
async def test_an_unknown_organization_is_one_clear_line(db: Sessions, capsys: pytest.CaptureFixture[str]) -> None:
    assert await learnbot("course", "list", "--org", "no-such-org") == 1

    assert capsys.readouterr().err.startswith("learnbot: No organization has the slug 'no-such-org'.")
