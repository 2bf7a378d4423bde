"""Chat words for certificates: a trainee's list and recertifying, an admin's revocation."""

from adapters.chat.grammar import Audience, Grammar, Phrase, Words
from domain.certificates.commands import Recertify, RevokeCertificate, ShowMyCertificates
from domain.messagebus import Command


def my_certificates(words: Words) -> Command:
    words.none()
    return ShowMyCertificates()


def revoke(words: Words) -> Command:
    """revoke NUMBER REASON..."""
    tokens = words.tokens
    if len(tokens) < 2:
        words.fail()
    number = tokens[0]
    return words.make(RevokeCertificate, certificate_number=number, reason=words.rest_after(1))


def recertify(words: Words) -> Command:
    return words.make(Recertify, course_code=words.exactly(1)[0])


def register(grammar: Grammar) -> None:
    add = grammar.add
    add(
        Phrase(
            ("recertify",),
            Recertify,
            recertify,
            "recertify CODE",
            "take a certified course again to renew its certificate",
            example="recertify SEC-101",
            arguments=("course_code",),
        )
    )
    add(
        Phrase(
            ("certificates", "certs"),
            ShowMyCertificates,
            my_certificates,
            "certificates",
            "my certificates, with links",
            arguments=(),
        )
    )
    add(
        Phrase(
            ("revoke",),
            RevokeCertificate,
            revoke,
            "revoke NUMBER REASON",
            "revoke a certificate, with the reason",
            Audience.ADMIN,
            example="revoke CERT-2026-00000001 issued by mistake",
        )
    )
