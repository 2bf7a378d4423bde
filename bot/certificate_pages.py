"""The public certificate pages on the web app: anyone with the link sees what a certificate says and its state.

GET /certificates/{token}        the verification page (HTML)
GET /certificates/{token}.pdf    the certificate as a PDF (rendered on first request, then kept)
GET /certificates/{token}.json   the signed Open Badges 3.0 credential
GET /certificates/verify         a form: certificate number plus the holder's last name
GET /organizations/{id}/key      the organization's public key (Multikey), the badges' verificationMethod
GET /organizations/{id}/issuer   the organization as an Open Badges issuer Profile

The pages know no tenant: a SECURITY DEFINER lookup (migration 0011) finds the certificate's organization by
its exact token, then the transaction enters that tenant. Unknown tokens get a plain 404 page.
"""

import asyncio
import dataclasses
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot import certificate_page_template as pages
from bot.bootstrap import Services
from bot.remote_logos import RemoteLogos
from domain.certificates import badge, keys
from domain.certificates.config import CertificateConfig
from domain.certificates.document import render_document
from domain.certificates.pdf import pdf_bytes, pdf_path, write_pdf
from domain.certificates.records import CertificateRecord, by_token
from infrastructure.unit_of_work import PostgresUnitOfWork

log = logging.getLogger(__name__)

TOKEN = r"[A-Za-z0-9_-]{16,64}"
# Nothing on these pages runs a script; a template's own markup stays inert, and forms post only here.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; "
    "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
FIND = text("SELECT find_certificate(:token) AS organization_id")
FIND_BY_NUMBER = text("SELECT find_certificate_by_number(:number, :last_name) AS token")
ENTER_TENANT = text("SELECT set_config('app.current_organization_id', :organization_id, true)")
ORGANIZATION_NAME = text("SELECT name FROM organizations WHERE id = current_organization_id()")


def html(body: str, status: int = 200) -> web.Response:
    return web.Response(text=body, status=status, content_type="text/html", headers=SECURITY_HEADERS)


def not_found() -> web.Response:
    return html(pages.NOT_FOUND, status=404)


def unavailable() -> web.Response:
    return html(pages.plain("The certificate service is unavailable right now. Please try again."), status=503)


async def enter(uow: PostgresUnitOfWork, organization_id: uuid.UUID) -> None:
    await uow.fetch(ENTER_TENANT, {"organization_id": str(organization_id)})
    uow.enter_tenant(organization_id, None)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def guarded(handler: Handler) -> Handler:
    """A database outage is a plain 503 page; never a traceback."""

    async def guard(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except (SQLAlchemyError, OSError):
            log.warning("certificate page %s failed", request.path, exc_info=True)
            return unavailable()

    return guard


class CertificatePages:
    def __init__(self, services: Services) -> None:
        self.sessionmaker = services.sessionmaker
        self.config: CertificateConfig = services.certificates
        self.logos = RemoteLogos(allow_private=services.settings.certificate_logo_private_addresses)

    def unit_of_work(self) -> PostgresUnitOfWork:
        return PostgresUnitOfWork(self.sessionmaker, organization_id=None, tenant_later=True)

    async def find(self, uow: PostgresUnitOfWork, token: str) -> CertificateRecord | None:
        row = await uow.fetch_one(FIND, {"token": token})
        if row is None or row.organization_id is None:
            return None
        await enter(uow, row.organization_id)
        return await by_token(uow, token)

    async def certificate(self, request: web.Request) -> web.StreamResponse:
        async with self.unit_of_work() as uow:
            record = await self.find(uow, request.match_info["token"])
        if record is None:
            return not_found()
        now = datetime.now(UTC)
        document = render_document(record, self.config.links, now)
        return html(pages.certificate_page(record, document, self.config.links, now))

    async def pdf(self, request: web.Request) -> web.StreamResponse:
        async with self.unit_of_work() as uow:
            record = await self.find(uow, request.match_info["token"])
        if record is None:
            return not_found()
        now = datetime.now(UTC)
        headers = {
            "Content-Type": "application/pdf",
            "Content-Disposition": f'inline; filename="{record.number}.pdf"',
            "X-Content-Type-Options": "nosniff",
        }
        path = pdf_path(self.config.pdf_dir, record.organization_id, record.token, record.state(now))
        if path.exists():
            return web.FileResponse(path, headers=headers)
        printable, complete = await self.with_logo_embedded(record)
        document = render_document(printable, self.config.links, now)
        if not complete:  # made without the logo this time: served, not kept, so a later request has it
            return web.Response(body=await asyncio.to_thread(pdf_bytes, document), headers=headers)
        await asyncio.to_thread(write_pdf, document, path)
        return web.FileResponse(path, headers=headers)

    async def with_logo_embedded(self, record: CertificateRecord) -> tuple[CertificateRecord, bool]:
        """The record with its remote logo as a data: URL (WeasyPrint fetches nothing else), and whether nothing
        was left out; a logo that cannot be fetched is left out (logged)."""
        logo = record.logo_url
        if not logo or logo.startswith("data:"):
            return record, True
        embedded = await self.logos.data_url(logo)
        return dataclasses.replace(record, logo_url=embedded), embedded is not None

    async def badge(self, request: web.Request) -> web.StreamResponse:
        async with self.unit_of_work() as uow:
            record = await self.find(uow, request.match_info["token"])
            if record is None:
                return not_found()
            key = await keys.signing_key(uow, self.config.secret)
            await uow.commit()
        credential = badge.signed_badge(record, self.config.links, key, datetime.now(UTC))
        return web.json_response(credential, content_type="application/json")

    async def verify(self, request: web.Request) -> web.StreamResponse:
        number = request.query.get("number", "").strip()[:100]
        last_name = request.query.get("last_name", "").strip()[:255]
        links = self.config.links
        if not number and not last_name:
            return html(pages.verify_page(links))
        if not number or not last_name:
            problem = "Please enter both the certificate number and the holder's last name."
            return html(pages.verify_page(links, number, last_name, problem), status=400)
        async with self.unit_of_work() as uow:
            row = await uow.fetch_one(FIND_BY_NUMBER, {"number": number, "last_name": last_name})
        if row is None or row.token is None:
            problem = "No certificate matches this number and last name. Check both and try again."
            return html(pages.verify_page(links, number, last_name, problem), status=404)
        raise web.HTTPSeeOther(links.page(row.token))

    async def organization(self, request: web.Request, what: str) -> web.StreamResponse:
        try:
            organization_id = uuid.UUID(request.match_info["organization_id"])
        except ValueError:
            return not_found()
        async with self.unit_of_work() as uow:
            await enter(uow, organization_id)
            name = await uow.fetch_one(ORGANIZATION_NAME, {})
            public = await keys.public_key(uow)
        if name is None:
            return not_found()
        links = self.config.links
        if what == "issuer":
            return web.json_response(badge.issuer_profile(organization_id, name.name, public, links))
        if public is None:
            return not_found()
        return web.json_response(badge.key_document(organization_id, public, links))

    async def key(self, request: web.Request) -> web.StreamResponse:
        return await self.organization(request, "key")

    async def issuer(self, request: web.Request) -> web.StreamResponse:
        return await self.organization(request, "issuer")


def setup_certificate_pages(app: web.Application, services: Services) -> None:
    pages_ = CertificatePages(services)
    add = app.router.add_get
    add("/certificates/verify", guarded(pages_.verify))
    add(f"/certificates/{{token:{TOKEN}}}.pdf", guarded(pages_.pdf))
    add(f"/certificates/{{token:{TOKEN}}}.json", guarded(pages_.badge))
    add(f"/certificates/{{token:{TOKEN}}}", guarded(pages_.certificate))
    add("/organizations/{organization_id}/key", guarded(pages_.key))
    add("/organizations/{organization_id}/issuer", guarded(pages_.issuer))
