"""`learnbot certificate revoke ...` and `learnbot template import ...`: certificates from the command line."""

import argparse
import asyncio
import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from bot.bootstrap import certificate_config
from bot.commands.common import operator, organization_id
from bot.runtime import Database
from bot.settings import get_settings
from domain.certificates import texts
from domain.certificates.commands import RevokeCertificate
from domain.certificates.operations import ImportTemplate
from domain.certificates.records import CertificateRecord
from domain.certificates.templates import TemplateFile, check_template
from domain.errors import InvalidInput

FILE_KEYS = {"name", "html", "css", "fields", "validity_months"}


def read_template(path: Path, name: str | None) -> TemplateFile:
    """An .html file (its name from --name or the file's), or YAML/JSON with name, html, css, fields,
    validity_months."""
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read {path} as UTF-8 text: {error}") from None
    if path.suffix.lower() in (".html", ".htm", ".j2", ".jinja"):
        return TemplateFile(name=name or path.stem, html=source)
    try:
        document = json.loads(source) if path.suffix.lower() == ".json" else yaml.safe_load(source)
    except (ValueError, yaml.YAMLError) as error:
        raise InvalidInput(f"{path} is not valid YAML/JSON: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("html"), str):
        raise InvalidInput(f"{path}: a template file is a mapping with at least `html` (and name, css, fields, ...)")
    unknown = set(document) - FILE_KEYS
    if unknown:
        raise InvalidInput(f"{path}: unknown keys {sorted(unknown)}; allowed: {sorted(FILE_KEYS)}")
    fields = document.get("fields") or {}
    months = document.get("validity_months")
    if not isinstance(fields, dict) or (months is not None and not isinstance(months, int)):
        raise InvalidInput(f"{path}: `fields` is a mapping and `validity_months` a whole number")
    css = document.get("css")
    return TemplateFile(
        name=name or str(document.get("name") or path.stem),
        html=document["html"],
        css=None if css is None else str(css),
        fields=fields,
        validity_months=months,
    )


def sample_certificate(organization: uuid.UUID) -> CertificateRecord:
    """Fields to try a template with before it is stored."""
    now = datetime.now(UTC)
    return CertificateRecord(
        id=uuid.uuid4(), organization_id=organization, number="CERT-2026-00000001", token="0" * 64, issued_at=now,
        expires_at=now, is_valid=True, revoked_at=None, revoked_reason=None, pdf_url=None, first_name="Sample",
        last_name="Person", email="sample@example.com", trainee_id=uuid.uuid4(), completed_at=now,
        course_title="Sample course", course_code="SAMPLE-1", course_description=None, organization_name="Sample",
        logo_url=None, template_id=uuid.uuid4(), template_html="", template_css=None, template_fields={},
        score=Decimal(90),
    )  # fmt: skip


async def import_file(db: Database, args: argparse.Namespace) -> int:
    template = await asyncio.to_thread(read_template, Path(args.file), args.name)
    organization = await organization_id(db, args.org)
    check_template(template, sample_certificate(organization), certificate_config(get_settings()).links)
    importing = ImportTemplate(template=template, make_default=args.default)
    imported = await operator(db).handle_as_operator(organization, importing)
    verb = "created" if imported.created else "updated"
    default = " It is the organization's default." if imported.is_default else ""
    print(f"Certificate template '{template.name}' {verb}.{default}")
    return 0


async def revoke_certificate(db: Database, args: argparse.Namespace) -> int:
    organization = await organization_id(db, args.org)
    if not args.reason.strip():
        raise InvalidInput("Give the reason with --reason; it is shown on the certificate's page.")
    revoking = RevokeCertificate(certificate_number=args.number, reason=args.reason)
    record = await operator(db).handle_as_operator(organization, revoking)
    print(
        texts.REVOKED.format(number=record.number, holder=record.holder, title=record.course_title, reason=args.reason)
    )
    return 0


def register(commands: Any) -> None:
    certificate = commands.add_parser("certificate", help="manage issued certificates").add_subparsers(
        metavar="ACTION", required=True
    )
    revoking = certificate.add_parser("revoke", help="revoke a certificate, with the reason")
    revoking.add_argument("number", metavar="NUMBER", help="the certificate number, e.g. CERT-2026-00000001")
    revoking.add_argument("--org", required=True, metavar="SLUG", help="the organization's slug")
    revoking.add_argument("--reason", required=True, help="why; shown on the certificate's page")
    revoking.set_defaults(handler=revoke_certificate)

    template = commands.add_parser("template", help="certificate templates").add_subparsers(
        metavar="ACTION", required=True
    )
    importing = template.add_parser("import", help="create or update a certificate template from a file")
    importing.add_argument("file", metavar="FILE", help=".html, or YAML/JSON with name, html, css, fields, ...")
    importing.add_argument("--org", required=True, metavar="SLUG", help="the organization's slug")
    importing.add_argument("--default", action="store_true", help="make it the organization's default template")
    importing.add_argument("--name", help="the template's name (default: from the file)")
    importing.set_defaults(handler=import_file)
