"""The certificates area's chat commands: `certificates` for a trainee, `revoke` for an admin."""

from datetime import UTC, datetime

from domain.certificates import texts
from domain.certificates.commands import RevokeCertificate, ShowMyCertificates
from domain.certificates.links import Links
from domain.certificates.records import CertificateRecord, of_trainee
from domain.certificates.revoking import revoke
from domain.messagebus import Command, Context, Handler
from domain.replies import Reply, say


def state_text(record: CertificateRecord, now: datetime) -> str:
    state = record.state(now)
    if state == "revoked":
        when = record.revoked_at or now
        return texts.STATES["revoked"].format(revoked=f"{when:%Y-%m-%d}")
    if state == "expired":
        assert record.expires_at is not None
        return texts.STATES["expired"].format(expired=f"{record.expires_at:%Y-%m-%d}")
    if record.expires_at is not None:
        return texts.VALID_UNTIL.format(date=f"{record.expires_at:%Y-%m-%d}")
    return texts.STATES["valid"]


def handlers(links: Links) -> dict[type[Command], Handler]:
    async def show_my_certificates(ctx: Context, command: ShowMyCertificates) -> list[Reply]:
        """The acting person's certificates, newest first, with their links and state."""
        records = await of_trainee(ctx.uow, ctx.actor.user_id)
        if not records:
            return say(texts.NONE_YET)
        now = datetime.now(UTC)
        lines = [texts.LIST_HEADER]
        for record in records:
            lines.append(
                texts.LIST_LINE.format(
                    title=record.course_title,
                    code=record.course_code,
                    number=record.number,
                    state=state_text(record, now),
                    url=links.page(record.token),
                )
            )
        return say("\n".join(lines))

    async def revoke_certificate(ctx: Context, command: RevokeCertificate) -> list[Reply]:
        """An admin revokes a certificate of their organization, with a reason."""
        ctx.actor.require_admin(texts.ONLY_ADMINS_REVOKE)
        record = await revoke(ctx.uow, command.certificate_number, command.reason)
        return say(
            texts.REVOKED.format(
                number=record.number, holder=record.holder, title=record.course_title, reason=command.reason
            )
        )

    return {ShowMyCertificates: show_my_certificates, RevokeCertificate: revoke_certificate}
