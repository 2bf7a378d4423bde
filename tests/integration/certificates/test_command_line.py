"""`learnbot template import` and `learnbot certificate revoke`, through bot.cli.main against the test database."""

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from bot.cli import main
from tests.integration.certificates.support import certificates, certified, owner_rows
from tests.integration.learning.world import Sessions, audit_actions
from tests.support.databases import dsn

Learnbot = Callable[..., Awaitable[tuple[int, str, str]]]

HOUSE_STYLE = """\
name: House style
validity_months: 24
fields: {signer: Dr. Ada Lovelace}
html: |
  <section><h1>{{ trainee_name }}</h1><p>{{ course_title }}</p><p>{{ fields.signer }}</p></section>
css: "h1 { color: navy; }"
"""


@pytest.fixture
def run(
    database_url: URL, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> Learnbot:
    monkeypatch.setenv("DATABASE_URL", dsn(database_url))
    monkeypatch.setenv("LEARNBOT_DATA_DIR", str(tmp_path))

    async def run(*args: str) -> tuple[int, str, str]:
        status = await asyncio.to_thread(main, list(args))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


async def test_a_template_file_is_imported_as_the_default_and_the_next_certificate_uses_it(
    db: Sessions, tmp_path: Path, run: Learnbot
) -> None:
    c = await certified(db, tmp_path)
    source = tmp_path / "house.yaml"
    source.write_text(HOUSE_STYLE)

    status, out, err = await run("template", "import", str(source), "--org", c.w.org.slug, "--default")
    again = await run("template", "import", str(source), "--org", c.w.org.slug)
    await c.complete()

    assert (status, err) == (0, "")
    assert out == "Certificate template 'House style' created. It is the organization's default.\n"
    assert again[1] == "Certificate template 'House style' updated. It is the organization's default.\n"
    [issued] = await certificates(db)
    [(name, months)] = await owner_rows(
        db, "SELECT name, validity_months FROM certificate_templates WHERE id = :t", t=issued.template_id
    )
    assert (name, months) == ("House style", 24)


async def test_a_hostile_template_is_refused_and_nothing_is_imported(
    db: Sessions, tmp_path: Path, run: Learnbot
) -> None:
    c = await certified(db, tmp_path)
    source = tmp_path / "evil.html"
    source.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")

    status, out, err = await run("template", "import", str(source), "--org", c.w.org.slug)

    assert status == 1
    assert out == ""
    assert err.startswith("learnbot: The template cannot be used: SecurityError")
    assert await owner_rows(db, "SELECT id FROM certificate_templates") == []


async def test_an_admin_revokes_from_the_command_line(db: Sessions, tmp_path: Path, run: Learnbot) -> None:
    c = await certified(db, tmp_path)
    await c.complete()
    [issued] = await certificates(db)
    number = issued.certificate_number

    status, out, _ = await run("certificate", "revoke", number, "--org", c.w.org.slug, "--reason", "Cheated")
    unknown = await run("certificate", "revoke", "CERT-1-2", "--org", c.w.org.slug, "--reason", "x")

    assert status == 0
    assert out.startswith(f"Certificate {number} (")
    assert out.rstrip().endswith("is revoked: Cheated")
    [revoked] = await certificates(db)
    assert (revoked.is_valid, revoked.revoked_reason) == (False, "Cheated")
    assert "certificate.revoked" in await audit_actions(db, issued.id)
    assert unknown[0] == 1
    assert unknown[2].startswith("learnbot: No certificate has the number CERT-1-2.")
