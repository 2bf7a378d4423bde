"""`learnbot org|department|user ...` end to end through bot.cli.main against the test database."""

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from bot.cli import main
from tests.integration.organizations.support import HEADER, Db
from tests.support.databases import dsn

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "organizations" / "acme.yaml"

Learnbot = Callable[..., tuple[int, str, str]]


@pytest.fixture
def learnbot(
    db: Db, database_url: URL, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Learnbot:
    """Run `learnbot ARGS` and get (exit status, stdout, stderr); every table is emptied afterwards."""
    monkeypatch.setenv("DATABASE_URL", dsn(database_url))

    def run(*args: str) -> tuple[int, str, str]:
        status = main(list(args))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def one_friendly_line(result: tuple[int, str, str]) -> str:
    status, _, err = result
    assert status != 0
    assert "Traceback" not in err
    [line] = err.splitlines()
    assert line.startswith("learnbot: ")
    return line.removeprefix("learnbot: ")


def test_an_organization_is_created_and_listed_and_a_taken_slug_is_one_friendly_line(learnbot: Learnbot) -> None:
    created = learnbot("org", "create", "--name", "Acme Corporation", "--slug", "acme", "--settings", '{"tz": "UTC"}')
    assert created == (0, "Created organization Acme Corporation (slug acme).\n", "")
    status, out, _ = learnbot("org", "list")
    assert (status, out.split()) == (0, ["acme", "Acme", "Corporation", "0", "people"])
    taken = learnbot("org", "create", "--name", "Acme Again", "--slug", "acme")
    assert (
        one_friendly_line(taken)
        == "An organization with the slug 'acme' already exists. `learnbot org list` shows them."
    )
    assert "not URL-friendly" in one_friendly_line(learnbot("org", "create", "--name", "X", "--slug", "Not A Slug"))
    assert "must be a JSON object" in one_friendly_line(
        learnbot("org", "create", "--name", "X", "--slug", "x", "--settings", "[]")
    )


def test_the_sample_organization_file_loads_twice_the_same(learnbot: Learnbot) -> None:
    status, out, _ = learnbot("org", "load", str(SAMPLE))
    assert status == 0
    assert out == "Organization acme: created; departments: 4 created; people: created 9, updated 0, unchanged 0.\n"
    status, out, _ = learnbot("org", "load", str(SAMPLE))
    assert out == "Organization acme: unchanged; departments: 4 unchanged; people: created 0, updated 0, unchanged 9.\n"

    status, out, _ = learnbot("department", "list", "--org", "acme")
    assert [line.split()[0] for line in out.splitlines()] == ["HR", "IT", "OPS", "SALES"]
    assert "manager irene.instructor@acme.example" in out
    status, out, _ = learnbot("user", "list", "--org", "acme")
    assert len(out.splitlines()) == 9
    assert any(
        line.split()[:4] == ["irene.instructor@acme.example", "Irene", "Instructor", "instructor"]
        for line in out.splitlines()
    )


def test_a_csv_import_reports_bad_lines_imports_the_rest_and_updates_on_the_second_run(
    learnbot: Learnbot, tmp_path: Path
) -> None:
    learnbot("org", "load", str(SAMPLE))
    export = tmp_path / "people.csv"
    export.write_text(
        "\ufeff"
        + HEADER
        + "ACME-0501,nina.new@acme.example,Nina,Newcomer,SALES,,,\n"
        + "ACME-0502,x,Oscar,Ortega,OPS,,,\n"
        + "ACME-0101,tom.trainee@acme.example,Tom,Trainee,IT,,,Senior Support Engineer\n",
        encoding="utf-8",
    )
    status, out, _ = learnbot("user", "import", str(export), "--org", "acme")
    assert status == 1
    assert out.splitlines() == [
        "created 1, updated 1, unchanged 0",
        "1 row(s) with errors:",
        "  line 3: email 'x' is not a valid address",
    ]
    status, out, _ = learnbot("user", "import", str(export), "--org", "acme")
    assert out.splitlines()[0] == "created 0, updated 0, unchanged 2"

    status, out, _ = learnbot("user", "import", str(export), "--org", "acme", "--strict")
    assert status == 1
    assert out.splitlines()[0] == "Strict mode: nothing was imported because 1 row(s) have errors."


def test_strict_mode_on_the_command_line_writes_nothing(learnbot: Learnbot, tmp_path: Path) -> None:
    learnbot("org", "create", "--name", "Acme", "--slug", "acme")
    export = tmp_path / "people.csv"
    export.write_text(HEADER + "E1,ada@acme.example,Ada,Admin,,admin,,\nE2,bad,B,B,,,,\n", encoding="utf-8")
    assert learnbot("user", "import", str(export), "--org", "acme", "--strict")[0] == 1
    assert learnbot("user", "list", "--org", "acme")[1].startswith("No people yet")


def test_people_are_added_given_roles_deactivated_and_reactivated(learnbot: Learnbot) -> None:
    learnbot("org", "create", "--name", "Acme", "--slug", "acme")
    assert (
        learnbot("department", "add", "--org", "acme", "--code", "it", "--name", "IT")[1] == "Department IT: created.\n"
    )
    added = learnbot(
        "user", "add", "--org", "acme", "--email", "Tom@Acme.example", "--first-name", "Tom", "--last-name", "Trainee",
        "--employee-id", "E1", "--department", "IT", "--phone", "+1 555 0101", "--position", "Engineer",
    )  # fmt: skip
    assert added == (0, "Added Tom Trainee (tom@acme.example) as trainee.\n", "")
    manager = learnbot(
        "department", "add", "--org", "acme", "--code", "IT", "--name", "IT", "--manager", "tom@acme.example"
    )
    assert manager[1] == "Department IT: updated.\n"
    assert learnbot("user", "role", "tom@acme.example", "instructor", "--org", "acme")[1] == (
        "Tom Trainee (tom@acme.example) is now instructor.\n"
    )
    assert "is deactivated" in learnbot("user", "deactivate", "tom@acme.example", "--org", "acme")[1]
    assert "(deactivated)" in learnbot("user", "list", "--org", "acme")[1]
    assert "is active again" in learnbot("user", "reactivate", "tom@acme.example", "--org", "acme")[1]

    assert "role 'boss' is unknown" in one_friendly_line(
        learnbot("user", "role", "tom@acme.example", "boss", "--org", "acme")
    )
    assert one_friendly_line(learnbot("user", "deactivate", "who@acme.example", "--org", "acme")) == (
        "No one with the email 'who@acme.example' belongs to this organization."
    )
    assert "No organization has the slug 'globex'" in one_friendly_line(learnbot("user", "list", "--org", "globex"))


def test_an_unreadable_file_is_one_friendly_line(learnbot: Learnbot, tmp_path: Path) -> None:
    learnbot("org", "create", "--name", "Acme", "--slug", "acme")
    assert "No such file" in one_friendly_line(
        learnbot("user", "import", str(tmp_path / "missing.csv"), "--org", "acme")
    )
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes((HEADER + "E1,jose@acme.example,José,Pérez,,,,\n").encode("latin-1"))
    assert "is not UTF-8 text" in one_friendly_line(learnbot("user", "import", str(latin1), "--org", "acme"))
    broken = tmp_path / "org.yaml"
    broken.write_text("organization: {name: Acme, slug: acme}\nusers:\n  - {email: nobody}\n", encoding="utf-8")
    assert "users[0].employee_id: Field required" in one_friendly_line(learnbot("org", "load", str(broken)))
