"""An organization's own certificate templates: checked in the sandbox, then created or updated by name."""

import uuid
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select, update

from domain.certificates.document import BUILTIN, template_values
from domain.certificates.links import Links
from domain.certificates.records import CertificateRecord
from domain.certificates.sandbox import UnsafeTemplate, render_sandboxed
from domain.errors import InvalidInput
from domain.models import CertificateTemplate
from domain.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class TemplateFile:
    name: str
    html: str
    css: str | None = None
    fields: dict[str, Any] | None = None
    validity_months: int | None = None


@dataclass(frozen=True)
class ImportedTemplate:
    id: uuid.UUID
    created: bool
    is_default: bool


def check_template(template: TemplateFile, sample: CertificateRecord, links: Links) -> None:
    """Refuse (InvalidInput) a template the sandbox refuses, rendered with a sample certificate's fields."""
    if not template.name.strip() or len(template.name) > 255:
        raise InvalidInput("A template needs a name of at most 255 characters.")
    if template.validity_months is not None and template.validity_months <= 0:
        raise InvalidInput("validity_months must be a positive number of months (or left out: no expiry).")
    if template.fields and BUILTIN in template.fields:
        raise InvalidInput(f"'{BUILTIN}' is reserved in a template's fields.")
    try:
        render_sandboxed(template.html, template_values(replace(sample, template_fields=template.fields or {}), links))
    except UnsafeTemplate as refused:
        raise InvalidInput(f"The template cannot be used: {refused}. Nothing was imported.") from None


async def import_template(uow: UnitOfWork, template: TemplateFile, *, make_default: bool) -> ImportedTemplate:
    """Create or update the tenant's template of this name; with make_default it becomes the only default."""
    session = uow.session
    found = await session.scalar(select(CertificateTemplate).where(CertificateTemplate.name == template.name.strip()))
    values = {
        "template_html": template.html,
        "template_css": template.css,
        "fields": template.fields or {},
        "validity_months": template.validity_months,
    }
    created = found is None
    if found is None:
        found = CertificateTemplate(organization_id=uow.organization_id, name=template.name.strip(), **values)
        session.add(found)
    else:
        for key, value in values.items():
            setattr(found, key, value)
    if make_default:
        await session.execute(
            update(CertificateTemplate).where(CertificateTemplate.is_default.is_(True)).values(is_default=False)
        )
        found.is_default = True
    await session.flush()
    action = "certificate_template.created" if created else "certificate_template.updated"
    uow.record(action, "certificate_template", found.id, after={"name": found.name, "is_default": found.is_default})
    return ImportedTemplate(found.id, created, bool(found.is_default))
