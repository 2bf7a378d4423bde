"""An organization's remote logo reaches the certificate PDF: fetched by the web app (public addresses only, unless
allowed; images of at most 1 MB; 5 s), embedded as a data: URL and kept a while; a logo that cannot be fetched is
left out, logged, and the PDF is still made.

Writes the PDF's first page as PNG (pdftoppm) to tests/artifacts/certificate-pdf-with-logo.png."""

import asyncio
import io
import logging
import shutil
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image
from sqlalchemy import text

from bot.bootstrap import build_services
from bot.remote_logos import RemoteLogos, public
from bot.settings import Settings
from bot.web import create_app
from tests.integration.certificates.support import PUBLIC_URL, Certified, certificates
from tests.integration.learning.world import Sessions, owner_sql, world

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PDFTOPPM = shutil.which("pdftoppm")
MAGENTA = (255, 0, 255)


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class LogoServer:
    base: str
    hits: Counter[str]


@pytest.fixture
async def logo_server() -> AsyncIterator[LogoServer]:
    """A web server on 127.0.0.1 with a logo, and things that are not one."""
    hits: Counter[str] = Counter()
    logo = png(400, 160, MAGENTA)

    async def serve(request: web.Request) -> web.StreamResponse:
        hits[request.path] += 1
        if request.path == "/logo.png":
            return web.Response(body=logo, content_type="image/png")
        if request.path == "/moved":
            raise web.HTTPFound("/logo.png")
        if request.path == "/loop":
            raise web.HTTPFound("/loop")
        if request.path == "/page":
            return web.Response(text="<html>not a logo</html>", content_type="text/html")
        if request.path == "/huge.png":
            return web.Response(body=b"\x89PNG" + b"\0" * 1_100_000, content_type="image/png")
        if request.path == "/slow.png":
            await asyncio.sleep(3)
            return web.Response(body=logo, content_type="image/png")
        return web.Response(status=404)

    app = web.Application()
    app.router.add_get("/{tail:.*}", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield LogoServer(f"http://127.0.0.1:{port}", hits)
    finally:
        await runner.cleanup()


async def certified_with_logo(db: Sessions, tmp_path: Path, logo_url: str, *, allow_private: bool) -> Certified:
    w = await world(db, layout=(1,), course_fields={"is_certified": True})
    await owner_sql(db, "UPDATE organizations SET logo_url = :url WHERE id = :id", url=logo_url, id=w.org.id)
    settings = Settings(
        data_dir=tmp_path,
        public_url=PUBLIC_URL,
        secret_key="certificate-test-secret",
        certificate_logo_private_addresses=allow_private,
    )
    c = Certified(w, build_services(settings, db))
    await c.complete()
    return c


async def pdf_of(c: Certified) -> bytes:
    [issued] = await certificates(c.w.db)
    async with TestClient(TestServer(create_app(c.services))) as client:
        response = await client.get(f"/certificates/{issued.verification_token}.pdf")
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/pdf"
        return await response.read()


async def first_page(pdf: bytes, tmp_path: Path, name: str) -> Image.Image:
    """The PDF's first page as pdftoppm draws it, kept in tests/artifacts for a person to look at."""
    assert PDFTOPPM is not None
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    process = await asyncio.create_subprocess_exec(
        PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(source), str(target),
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode(errors="replace")
    return Image.open(target.with_suffix(".png")).convert("RGB")


def magenta_pixels(page: Image.Image) -> int:
    colours: list[tuple[int, tuple[int, int, int]]] = page.getcolors(maxcolors=page.width * page.height) or []  # type: ignore[assignment]
    return sum(count for count, (r, g, b) in colours if r > 220 and g < 40 and b > 220)


@pytest.mark.skipif(PDFTOPPM is None, reason="needs pdftoppm (.ci/run installs poppler-utils)")
async def test_a_remote_logo_is_fetched_embedded_and_drawn_in_the_pdf(
    db: Sessions, tmp_path: Path, logo_server: LogoServer
) -> None:
    c = await certified_with_logo(db, tmp_path, f"{logo_server.base}/logo.png", allow_private=True)

    page = await first_page(await pdf_of(c), tmp_path, "certificate-pdf-with-logo")

    assert magenta_pixels(page) > 500, "the logo is drawn on the page"
    assert logo_server.hits["/logo.png"] == 1
    await pdf_of(c)  # the PDF is kept: nothing fetched again
    assert logo_server.hits["/logo.png"] == 1


@pytest.mark.skipif(PDFTOPPM is None, reason="needs pdftoppm (.ci/run installs poppler-utils)")
async def test_a_logo_on_a_loopback_address_is_not_fetched_and_the_pdf_is_made_without_it(
    db: Sessions, tmp_path: Path, logo_server: LogoServer, caplog: pytest.LogCaptureFixture
) -> None:
    c = await certified_with_logo(db, tmp_path, f"{logo_server.base}/logo.png", allow_private=False)

    with caplog.at_level(logging.WARNING, logger="bot.remote_logos"):
        page = await first_page(await pdf_of(c), tmp_path, "certificate-pdf-logo-refused")

    assert magenta_pixels(page) == 0
    assert logo_server.hits == Counter()
    assert "127.0.0.1 is not a public address" in caplog.text
    async with c.w.db() as session:
        assert await session.scalar(text("SELECT count(*) FROM certificates")) == 1


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/page", "not an image (text/html)"),
        ("/huge.png", "larger than 1,000,000 bytes"),
        ("/missing.png", "answered 404"),
        ("/loop", "more than 3 redirects"),
    ],
)
async def test_what_is_not_a_small_image_is_left_out_and_logged(
    logo_server: LogoServer, caplog: pytest.LogCaptureFixture, path: str, why: str
) -> None:
    logos = RemoteLogos(allow_private=True)

    with caplog.at_level(logging.WARNING, logger="bot.remote_logos"):
        assert await logos.data_url(logo_server.base + path) is None

    assert why in caplog.text


async def test_a_redirect_to_the_logo_is_followed_and_the_logo_kept_for_the_next_certificate(
    logo_server: LogoServer,
) -> None:
    logos = RemoteLogos(allow_private=True)

    first = await logos.data_url(f"{logo_server.base}/moved")
    again = await logos.data_url(f"{logo_server.base}/moved")

    assert first is not None
    assert first.startswith("data:image/png;base64,iVBORw0KGgo")
    assert again == first
    assert (logo_server.hits["/moved"], logo_server.hits["/logo.png"]) == (1, 1)


async def test_a_slow_logo_is_given_up_on(logo_server: LogoServer, caplog: pytest.LogCaptureFixture) -> None:
    logos = RemoteLogos(allow_private=True, timeout=0.5)

    with caplog.at_level(logging.WARNING, logger="bot.remote_logos"):
        assert await logos.data_url(f"{logo_server.base}/slow.png") is None

    assert "the fetch failed" in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/logo.png",
        "http://localhost:1/logo.png",  # a name resolving to loopback
        "http://10.1.2.3/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/logo.png",
        "http://[::ffff:127.0.0.1]/logo.png",
    ],
)
async def test_other_schemes_and_addresses_that_are_not_public_are_never_fetched(
    url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.remote_logos"):
        assert await RemoteLogos().data_url(url) is None
    assert "left out of the PDF" in caplog.text


def test_only_addresses_on_the_internet_at_large_are_public() -> None:
    assert public("93.184.216.34")
    assert public("2606:4700::6810:85e5")
    for address in ("127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "::1", "fc00::1",
                    "0.0.0.0", "224.0.0.1", "::ffff:10.0.0.1", "100.64.0.1"):  # fmt: skip
        assert not public(address), address
