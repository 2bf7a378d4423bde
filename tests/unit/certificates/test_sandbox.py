"""Templates come from organization admins: the sandbox refuses code execution and file reads, escapes fields."""

from datetime import UTC, datetime

import pytest

from domain.certificates.document import render_document, template_values
from domain.certificates.sandbox import UnsafeTemplate, inert_css, render_sandboxed
from tests.unit.certificates.records import LINKS, record

NOW = datetime(2026, 12, 7, tzinfo=UTC)

HOSTILE = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ trainee_name.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{% include '/etc/passwd' %}",
    "{% extends '/etc/hostname' %}",
    "{% import 'os' as os %}",
    "{{ fields.update({'x': 1}) }}",
    "{{ range(10 ** 9) | list }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxx{% endfor %}{% endfor %}",
    "{{ 'x' * 10 ** 10 }}",
    "{{ 'x'.center(10 ** 10) }}",
    "{{ '{:>9999999999}'.format('x') }}",
    "{{ '%9999999999s' % 'x' }}",
    "{{ 9 ** 9 ** 9 }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ fields | batch(10 ** 9, 'x') | list }}",
    "{% if %}",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_a_hostile_template_is_refused(source: str) -> None:
    with pytest.raises(UnsafeTemplate):
        render_sandboxed(source, template_values(record(), LINKS))


def test_fields_are_escaped_so_a_name_cannot_add_markup() -> None:
    values = template_values(record(first_name="<script>alert(1)</script>"), LINKS)

    html = render_sandboxed("<p>{{ trainee_name }}</p>", values)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_css_cannot_close_its_style_element() -> None:
    css = inert_css("body { color: red } </style><script>alert(1)</script>")

    assert "</style" not in css
    assert "</script" not in css


def test_a_template_that_fails_at_render_time_falls_back_to_the_built_in_one() -> None:
    hostile = record(template_html="{{ ''.__class__.__mro__ }}", template_fields={})

    document = render_document(hostile, LINKS, NOW)

    assert "Certificate of Completion" in document
    assert "__mro__" not in document
    assert "object" not in document.split("<body>")[1][:200]


def test_an_organizations_template_gets_every_field() -> None:
    source = (
        "{{ trainee_name }}|{{ course_title }}|{{ course_code }}|{{ completion_date }}|{{ score }}|{{ issue_date }}|"
        "{{ expiry_date }}|{{ certificate_number }}|{{ organization_name }}|{{ verification_url }}|{{ fields.signer }}"
    )
    own = record(
        template_html=source, template_fields={"signer": "Dr. Ada"}, expires_at=datetime(2027, 12, 6, tzinfo=UTC)
    )

    body = render_document(own, LINKS, NOW).split("<body>")[1].split("</body>")[0]

    assert body == (
        "Tom Trainee|Information Security Basics|SEC-101|6 December 2026|92%|6 December 2026|6 December 2027|"
        f"CERT-2026-00000042|Acme Corporation|https://learn.example/certificates/{'ab' * 32}|Dr. Ada"
    )


def test_the_qr_code_is_an_inline_svg_of_the_verification_link() -> None:
    values = template_values(record(), LINKS)

    assert values["qr_code"].startswith("data:image/svg+xml")


def test_a_revoked_certificate_is_marked_across_its_document() -> None:
    revoked = record(revoked_at=NOW, is_valid=False, revoked_reason="Issued by mistake")

    assert 'class="learnbot-state">REVOKED<' in render_document(revoked, LINKS, NOW)
    assert 'learnbot-state">' not in render_document(record(), LINKS, NOW)
