"""The certificate as a PDF (WeasyPrint), kept under LEARNBOT_CERTIFICATE_DIR and made again when missing.

WeasyPrint fetches only data: URLs here: a template cannot make it read a local file (file://) or call a
server (http://); such a resource is left out of the PDF. The organization's remote logo is the exception the
web app makes itself: it fetches that one under its own rules and passes it in as a data: URL
(bot/remote_logos.py).
"""

import os
import tempfile
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher


def pdf_bytes(document: str) -> bytes:
    """Render the HTML document to PDF bytes (kept nowhere)."""
    fetcher = URLFetcher(allowed_protocols=["data"], timeout=5)
    rendered: bytes = HTML(string=document, url_fetcher=fetcher).write_pdf()
    return rendered


def write_pdf(document: str, target: Path) -> Path:
    """Render the HTML document to `target`, atomically (a reader never sees half a file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fetcher = URLFetcher(allowed_protocols=["data"], timeout=5)
    handle, scratch = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        HTML(string=document, url_fetcher=fetcher).write_pdf(scratch)
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return target


def pdf_path(directory: Path, organization_id: object, token: str, state: str) -> Path:
    """Where a certificate's PDF is kept; its state is in the name, so a revoked one is rendered anew."""
    return directory / str(organization_id) / f"{token}-{state}.pdf"
