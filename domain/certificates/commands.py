"""Certificate commands: a trainee's list, and an admin's revocation."""

from pydantic import Field

from domain.messagebus import Command


class ShowMyCertificates(Command):
    """The acting trainee's certificates, with links and state."""


class RevokeCertificate(Command):
    certificate_number: str = Field(min_length=1, max_length=100)
    reason: str = Field(min_length=1, max_length=1000)
