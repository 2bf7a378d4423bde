"""Issuing: a certified course completed means exactly one certificate, in the completing transaction.

CourseCompleted's handler inserts it in one statement; the unique index on unrevoked, unrenewed certificates per
enrollment (migration 0011) makes a second completion, a redelivery or a second worker insert nothing
(ON CONFLICT DO NOTHING waits for the first transaction and then finds its row). The template is the course's,
else the organization's default (is_default), else the organization's row standing for the built-in one,
made the first time it is needed. The validity period is the course's metadata.certificate_validity_months,
else the template's validity_months; none means no expiry.
"""

import json
import secrets
from dataclasses import dataclass

from sqlalchemy import text

from domain.certificates import default_template, linkedin, texts
from domain.certificates.document import BUILTIN
from domain.certificates.links import Links
from domain.certificates.records import CertificateRecord, by_token
from domain.delivery.outbox import Outgoing, deliver
from domain.events import CourseCompleted
from domain.messagebus import Context, EventHandler
from domain.models.delivery import DeliveryKind
from domain.replies import Link, Reply, literal
from domain.statement_parts import audit_rows, changes

VALIDITY_OVERRIDE = "c.metadata ->> 'certificate_validity_months'"
ISSUED = changes(
    "NULL", "jsonb_build_object('certificate_number', i.certificate_number, 'enrollment_id', :enrollment_id)"
)
ISSUE = text(f"""
WITH course AS (
    SELECT e.id AS enrollment_id, co.metadata, COALESCE(
        co.certificate_template_id,
        (SELECT t.id FROM certificate_templates t WHERE t.organization_id = co.organization_id AND t.is_default
         ORDER BY t.updated_at DESC NULLS LAST, t.id LIMIT 1),
        (SELECT t.id FROM certificate_templates t WHERE t.organization_id = co.organization_id AND t.fields ? 'builtin')
    ) AS template_id
    FROM enrollments e JOIN courses co ON co.id = e.course_id
    WHERE e.id = CAST(:enrollment_id AS uuid) AND co.is_certified AND e.status = 'completed'
), target AS (
    SELECT c.enrollment_id, c.template_id,
           CASE WHEN {VALIDITY_OVERRIDE} ~ '^[0-9]{{1,4}}$' THEN CAST({VALIDITY_OVERRIDE} AS integer)
                ELSE t.validity_months END AS months
    FROM course c JOIN certificate_templates t ON t.id = c.template_id
), issued AS (
    INSERT INTO certificates (enrollment_id, template_id, verification_token, pdf_url, expires_at)
    SELECT enrollment_id, template_id, :token, :pdf_url,
           CASE WHEN months > 0 THEN now() + make_interval(months => months) END
    FROM target
    ON CONFLICT (enrollment_id) WHERE revoked_at IS NULL AND renewed_at IS NULL DO NOTHING
    RETURNING id, certificate_number, issued_at
), marked AS (
    UPDATE enrollments e SET certificate_issued = true, certificate_issued_at = i.issued_at
    FROM issued i WHERE e.id = CAST(:enrollment_id AS uuid)
), {audit_rows("audit", f"SELECT 'certificate.issued', 'certificate', i.id, {ISSUED} FROM issued i")}
SELECT EXISTS (SELECT 1 FROM course) AS certified, (SELECT template_id FROM course) AS template_id,
       (SELECT id FROM issued) AS certificate_id
""")

ADD_BUILTIN_TEMPLATE = text("""
INSERT INTO certificate_templates (organization_id, name, template_html, template_css, fields)
VALUES (current_organization_id(), :name, :html, :css, CAST(:fields AS jsonb))
ON CONFLICT (organization_id) WHERE fields ? 'builtin' DO NOTHING
""")


@dataclass(frozen=True)
class Issued:
    certificate_id: str
    token: str


async def issue_certificate(ctx: Context, enrollment_id: object, links: Links) -> Issued | None:
    """Issue the enrollment's certificate if its course is certified and it has none; None otherwise."""
    token = secrets.token_hex(32)
    parameters = {
        "enrollment_id": enrollment_id,
        "token": token,
        "pdf_url": links.pdf(token),
        "actor_id": ctx.uow.actor_id,
    }
    row = await ctx.uow.fetch_one(ISSUE, parameters)
    if row.certified and row.template_id is None:  # the organization's first certificate: no template yet
        fields = json.dumps({BUILTIN: "default"})
        template = {"name": default_template.NAME, "html": default_template.HTML, "css": default_template.CSS}
        await ctx.uow.fetch(ADD_BUILTIN_TEMPLATE, template | {"fields": fields})
        row = await ctx.uow.fetch_one(ISSUE, parameters)
    if row.certificate_id is None:
        return None
    return Issued(str(row.certificate_id), token)


def issued_reply(record: CertificateRecord, links: Links) -> Reply:
    """The chat message with a new certificate's link and its "Add to LinkedIn" link."""
    url = links.page(record.token)
    message = "\n".join(
        [
            texts.ISSUED.format(title=literal(record.course_title), number=record.number, url=url),
            texts.ADD_TO_LINKEDIN.format(url=linkedin.add_to_profile_url(record, links)),
        ]
    )
    return Reply(text=message, link=Link(label=texts.VIEW, url=url))


def course_completed_handler(links: Links) -> EventHandler:
    """CourseCompleted's handler: issue, and tell the trainee.

    When the trainee's own action completed the course, the link is a reply to it; when someone else's did (a
    grader's, or a scheduled job's with no actor), it is a delivery enqueued in this same transaction, sent to
    the trainee on the platform the delivery rules choose. A grading notice of the same transaction is a
    delivery of its own: the trainee reads the grade, then the certificate.
    """

    async def course_completed(ctx: Context, event: CourseCompleted) -> None:
        if not event.certified:  # the completing statement read courses.is_certified: nothing to issue
            return
        issued = await issue_certificate(ctx, event.enrollment_id, links)
        if issued is None:
            return
        record = await by_token(ctx.uow, issued.token)
        assert record is not None  # inserted by this transaction a moment ago
        reply = issued_reply(record, links)
        if ctx.uow.actor_id == event.trainee_id:
            ctx.followups.append(reply)
        else:
            await deliver(ctx.uow, DeliveryKind.CERTIFICATE, [Outgoing(event.trainee_id, [reply])])

    return course_completed
