"""The verification page in a real headless Chromium (Debian's `chromium`), served by the real web app.

Writes what a person would see to tests/artifacts/: a screenshot of the page, and the PDF's first page as PNG
(pdftoppm), so someone can look at them.
"""

import asyncio
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from aiohttp import web

from bot.web import create_app
from tests.integration.certificates.support import Certified, certificates, certified
from tests.integration.learning.world import Sessions

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOPPM = shutil.which("pdftoppm")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or PDFTOPPM is None, reason="needs chromium and pdftoppm (.ci/run installs them)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
async def served(db: Sessions, tmp_path: Path) -> AsyncIterator[Certified]:
    """A completed certified course, and the web app serving at the certificate links' address."""
    port = free_port()
    c = await certified(db, tmp_path, public_url=f"http://127.0.0.1:{port}")
    runner = web.AppRunner(create_app(c.services))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield c
    finally:
        await runner.cleanup()


async def run(*command: str) -> bytes:
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    async with asyncio.timeout(120):
        stdout, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode(errors="replace")[-2000:]
    return stdout


async def chromium(profile: Path, *arguments: str) -> bytes:
    assert CHROMIUM is not None
    return await run(
        CHROMIUM,
        "--headless",
        "--no-sandbox",  # tests may run as root, where Chromium's sandbox refuses to start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *arguments,
    )


async def test_a_person_opening_the_link_sees_who_holds_what_and_that_it_is_valid(
    served: Certified, tmp_path: Path
) -> None:
    replies = await served.complete()
    link = replies[-1].link
    assert link is not None
    [issued] = await certificates(served.w.db)
    ARTIFACTS.mkdir(exist_ok=True)

    dom = (await chromium(tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom", link.url)).decode()
    screenshot = ARTIFACTS / "certificate-page.png"
    screenshot.unlink(missing_ok=True)
    await chromium(
        tmp_path / "profile", "--window-size=1100,1900", f"--screenshot={screenshot}", "--virtual-time-budget=5000",
        link.url,
    )  # fmt: skip

    holder = f"{served.w.trainee.first_name} {served.w.trainee.last_name}"
    assert 'id="state"' in dom
    assert "Valid certificate" in dom
    assert f'<dd id="holder">{holder}</dd>' in dom
    assert f'<dd id="number">{issued.certificate_number}</dd>' in dom
    assert "Security Basics" in dom
    assert served.w.org.name in dom
    assert screenshot.stat().st_size > 20_000  # a rendered page, not a blank one

    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(await asyncio.to_thread(lambda: urlopen(link.url + ".pdf", timeout=60).read()))
    assert PDFTOPPM is not None
    await run(
        PDFTOPPM, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(ARTIFACTS / "certificate-pdf")
    )
    assert (ARTIFACTS / "certificate-pdf.png").stat().st_size > 20_000
