"""The public verification page and the verify form: HTML from our own (autoescaped) Jinja2 templates."""

from datetime import datetime
from html import escape
from typing import Any

from jinja2 import Environment

from domain.certificates.document import long_date, percent
from domain.certificates.linkedin import add_to_profile_url
from domain.certificates.links import Links
from domain.certificates.records import CertificateRecord

ENVIRONMENT = Environment(autoescape=True, loader=None)

STYLE = """
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, "DejaVu Sans", Arial, sans-serif; color: #1f2a44; background: #eef1f6; }
main { max-width: 980px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
.muted { color: #5b6680; }
.state { border-radius: 10px; padding: 16px 20px; margin: 20px 0; font-size: 1.15rem; font-weight: 600; }
.state small { display: block; font-weight: normal; font-size: 0.95rem; margin-top: 4px; }
.state.valid { background: #e3f6e8; color: #17603a; border: 1px solid #9fd8b2; }
.state.expired { background: #fff4db; color: #7a5300; border: 1px solid #f0cf85; }
.state.revoked { background: #fde6e6; color: #8f1d1d; border: 1px solid #eda3a3; }
.card { background: #fff; border-radius: 10px; padding: 20px; margin: 16px 0; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
dl.details { display: grid; grid-template-columns: 200px 1fr; gap: 8px 16px; margin: 0; }
dl.details dt { color: #5b6680; }
dl.details dd { margin: 0; font-weight: 600; }
.actions { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 16px; }
.actions a { display: inline-block; padding: 10px 16px; border-radius: 8px; text-decoration: none; font-weight: 600;
  background: #1f2a44; color: #fff; }
.actions a.linkedin { background: #0a66c2; }
.actions a.secondary { background: #fff; color: #1f2a44; border: 1px solid #c5cbd8; }
.copy label { display: block; font-size: 0.85rem; color: #5b6680; margin-top: 8px; }
.copy input { width: 100%; padding: 6px 8px; border: 1px solid #c5cbd8; border-radius: 6px; font: inherit; }
.frame { overflow-x: auto; }
iframe.certificate { width: 842px; height: 596px; border: 0; display: block; margin: 0 auto;
  box-shadow: 0 2px 10px rgba(0,0,0,.15); background: #fff; }
form.verify { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; }
form.verify label { display: flex; flex-direction: column; font-size: 0.85rem; color: #5b6680; }
form.verify input { padding: 8px; border: 1px solid #c5cbd8; border-radius: 6px; font: inherit; }
form.verify button { padding: 9px 16px; border: 0; border-radius: 8px; background: #1f2a44; color: #fff;
  font: inherit; }
.problem { color: #8f1d1d; font-weight: 600; }
"""

LAYOUT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><style>{{ style | safe }}</style></head>
<body><main>{{ body | safe }}</main></body></html>
"""

VERIFY_FORM = """
<section class="card">
  <h2>Check another certificate</h2>
  <form class="verify" method="get" action="{{ verify_url }}">
    <label>Certificate number
      <input name="number" value="{{ number }}" placeholder="CERT-2026-00000001" required></label>
    <label>Holder's last name <input name="last_name" value="{{ last_name }}" required></label>
    <button type="submit">Verify</button>
  </form>
  {% if problem %}<p class="problem">{{ problem }}</p>{% endif %}
</section>
"""

CERTIFICATE = """
<p class="muted">Certificate verification · {{ r.organization_name }}</p>
<h1>{{ r.course_title }}</h1>
<div class="state {{ state }}" id="state">
  {% if state == "valid" %}Valid certificate
    <small>{% if r.expires_at %}Valid until {{ expiry }}.{% else %}It does not expire.{% endif %}</small>
  {% elif state == "expired" %}Expired on {{ expiry }}
    <small>This certificate was valid from {{ issued }} to {{ expiry }}.</small>
  {% else %}Revoked{% if r.revoked_at %} on {{ revoked }}{% endif %}
    <small>Reason: {{ r.revoked_reason or "no reason given" }}</small>
  {% endif %}
</div>
<section class="card">
  <dl class="details">
    <dt>Holder</dt><dd id="holder">{{ r.holder }}</dd>
    <dt>Course</dt><dd>{{ r.course_title }} ({{ r.course_code }})</dd>
    <dt>Issued by</dt><dd>{{ r.organization_name }}</dd>
    <dt>Certificate number</dt><dd id="number">{{ r.number }}</dd>
    <dt>Completed</dt><dd>{{ completed }}</dd>
    {% if score %}<dt>Score</dt><dd>{{ score }}</dd>{% endif %}
    <dt>Issued</dt><dd>{{ issued }}</dd>
    <dt>Valid until</dt><dd>{{ expiry or "No expiry" }}</dd>
  </dl>
  <div class="actions">
    <a href="{{ pdf_url }}">Download PDF</a>
    <a class="linkedin" href="{{ linkedin_url }}" rel="noopener noreferrer">Add to LinkedIn</a>
    <a class="secondary" href="{{ badge_url }}">Open Badge (JSON)</a>
  </div>
</section>
<section class="card copy">
  <h2>For your LinkedIn profile</h2>
  <p class="muted">LinkedIn does not always fill these in; copy them into "Add licence or certification".</p>
  <label>Name <input readonly value="{{ r.course_title }}"></label>
  <label>Issuing organization <input readonly value="{{ r.organization_name }}"></label>
  <label>Issue date <input readonly value="{{ r.issued_at.strftime('%B %Y') }}"></label>
  <label>Expiration date
    <input readonly value="{{ r.expires_at.strftime('%B %Y') if r.expires_at else 'No expiry' }}"></label>
  <label>Credential ID <input readonly value="{{ r.number }}"></label>
  <label>Credential URL <input readonly value="{{ page_url }}"></label>
</section>
<section class="card frame">
  <iframe class="certificate" title="The certificate" sandbox srcdoc="{{ document }}"></iframe>
</section>
"""

NOT_FOUND = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><h1>Not found</h1><p>There is no certificate at this address.</p></body></html>
"""

# The certificate inside the page is an A4 landscape sheet (297 mm = 1123 px) shown 842 px wide.
ZOOMED = "<style>html { zoom: 0.75; }</style>"


COMPILED_LAYOUT = ENVIRONMENT.from_string(LAYOUT)
COMPILED_FORM = ENVIRONMENT.from_string(VERIFY_FORM)
COMPILED_CERTIFICATE = ENVIRONMENT.from_string(CERTIFICATE)


def page(title: str, body: str) -> str:
    return COMPILED_LAYOUT.render(title=title, style=STYLE, body=body)


def verify_form(links: Links, number: str = "", last_name: str = "", problem: str | None = None) -> str:
    return COMPILED_FORM.render(verify_url=links.verify(), number=number, last_name=last_name, problem=problem)


def certificate_page(record: CertificateRecord, document: str, links: Links, now: datetime) -> str:
    values: dict[str, Any] = {
        "r": record,
        "state": record.state(now),
        "issued": long_date(record.issued_at),
        "expiry": long_date(record.expires_at),
        "revoked": long_date(record.revoked_at),
        "completed": long_date(record.completed_at or record.issued_at),
        "score": percent(record.score),
        "page_url": links.page(record.token),
        "pdf_url": links.pdf(record.token),
        "badge_url": links.badge(record.token),
        "linkedin_url": add_to_profile_url(record, links),
        "document": document.replace("<head>", "<head>" + ZOOMED, 1),
    }
    body = COMPILED_CERTIFICATE.render(values) + verify_form(links)
    return page(f"{record.course_title}: certificate of {record.holder}", body)


def verify_page(links: Links, number: str = "", last_name: str = "", problem: str | None = None) -> str:
    intro = "<h1>Verify a certificate</h1><p class='muted'>Enter its number and the holder's last name.</p>"
    return page("Verify a certificate", intro + verify_form(links, number, last_name, problem))


def plain(message: str) -> str:
    head = "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head>"
    return f"{head}<body><p>{escape(message)}</p></body></html>"
