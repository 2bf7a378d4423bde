"""What the certificate pages need from the configuration: where links point, where PDFs go, the secret."""

from dataclasses import dataclass
from pathlib import Path

from domain.certificates.links import Links


@dataclass(frozen=True)
class CertificateConfig:
    links: Links
    pdf_dir: Path
    # LEARNBOT_SECRET_KEY (or the generated one): seals the organizations' signing keys.
    secret: bytes
