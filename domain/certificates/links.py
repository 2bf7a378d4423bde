"""Where a certificate's public pages live, under the web app's public URL (LEARNBOT_PUBLIC_URL)."""

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Links:
    base_url: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))

    def page(self, token: str) -> str:
        return f"{self.base_url}/certificates/{token}"

    def pdf(self, token: str) -> str:
        return f"{self.page(token)}.pdf"

    def badge(self, token: str) -> str:
        return f"{self.page(token)}.json"

    def verify(self) -> str:
        return f"{self.base_url}/certificates/verify"

    def issuer(self, organization_id: uuid.UUID) -> str:
        return f"{self.base_url}/organizations/{organization_id}/issuer"

    def key(self, organization_id: uuid.UUID) -> str:
        """The organization's public key (a Multikey document): a stable URL, the badges' verificationMethod."""
        return f"{self.base_url}/organizations/{organization_id}/key"
