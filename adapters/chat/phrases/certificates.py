"""Chat words for certificates: a trainee's list, an admin's revocation."""

from adapters.chat.grammar import Audience, Grammar, Phrase, Words
from domain.certificates.commands import RevokeCertificate, ShowMyCertificates
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


def register(grammar: Grammar) -> None:
    add = grammar.add
    add(
        Phrase(
            ("certificates", "certs"),
            ShowMyCertificates,
            my_certificates,
            "certificates",
            "my certificates, with links",
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
