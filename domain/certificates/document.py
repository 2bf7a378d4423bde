"""The certificate document: a template's HTML and CSS rendered with the certificate's fields, as one page."""

import logging
from datetime import datetime
from decimal import Decimal
from html import escape
from typing import Any

import segno

from domain.certificates import default_template
from domain.certificates.links import Links
from domain.certificates.records import CertificateRecord
from domain.certificates.sandbox import UnsafeTemplate, inert_css, render_sandboxed

log = logging.getLogger(__name__)

# A template row standing for the built-in default carries this key in its fields (migration 0011).
BUILTIN = "builtin"

STATE_MARKS = {"revoked": "Revoked", "expired": "Expired"}
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>{css}</style>
<style>
.learnbot-state {{ position: fixed; top: 40%; left: 0; right: 0; text-align: center; transform: rotate(-12deg);
  font: bold 72pt "DejaVu Sans", Arial, sans-serif; color: rgba(180, 30, 30, 0.45); letter-spacing: 0.1em; }}
</style></head>
<body>{body}{mark}</body></html>
"""


def long_date(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment.day} {moment:%B %Y}"


def percent(score: Decimal | None) -> str:
    return "" if score is None else f"{score:.0f}%"


def qr_code(url: str) -> str:
    """A QR code of the URL as an SVG data: URI (an <img> source that needs no fetching)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=1, dark="#1f2a44"))


def template_values(record: CertificateRecord, links: Links) -> dict[str, Any]:
    """The fields a template may use (see README: certificate templates)."""
    url = links.page(record.token)
    return {
        "trainee_name": record.holder,
        "trainee_first_name": record.first_name,
        "trainee_last_name": record.last_name,
        "course_title": record.course_title,
        "course_code": record.course_code,
        "completion_date": long_date(record.completed_at or record.issued_at),
        "score": percent(record.score),
        "issue_date": long_date(record.issued_at),
        "expiry_date": long_date(record.expires_at),
        "certificate_number": record.number,
        "organization_name": record.organization_name,
        "organization_logo_url": record.logo_url or "",
        "verification_url": url,
        "qr_code": qr_code(url),
        "fields": {k: v for k, v in record.template_fields.items() if k != BUILTIN},
    }


def render_body(record: CertificateRecord, links: Links) -> tuple[str, str]:
    """The certificate's (HTML, CSS): its template's, or the built-in one when it has none or it fails."""
    values = template_values(record, links)
    if BUILTIN not in record.template_fields:
        try:
            return render_sandboxed(record.template_html, values), inert_css(record.template_css)
        except UnsafeTemplate as refused:
            log.warning("certificate template %s refused (%s); using the built-in one", record.template_id, refused)
    return render_sandboxed(default_template.HTML, values), default_template.CSS


def render_document(record: CertificateRecord, links: Links, now: datetime) -> str:
    """The whole certificate as an HTML document (the PDF's source, and the page's embedded certificate)."""
    body, css = render_body(record, links)
    mark = STATE_MARKS.get(record.state(now))
    return PAGE.format(
        title=escape(f"{record.course_title}: {record.holder}"),
        css=css,
        body=body,
        mark=f'<div class="learnbot-state">{mark.upper()}</div>' if mark else "",
    )
