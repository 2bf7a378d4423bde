"""LinkedIn's "Add licence or certification" link, filled in with the certificate's details."""

from urllib.parse import urlencode

from domain.certificates.links import Links
from domain.certificates.records import CertificateRecord

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def add_to_profile_url(record: CertificateRecord, links: Links) -> str:
    """LinkedIn does not always fill every field in; the page shows the same values for copying."""
    fields = {
        "startTask": "CERTIFICATION_NAME",
        "name": record.course_title,
        "organizationName": record.organization_name,
        "issueYear": record.issued_at.year,
        "issueMonth": record.issued_at.month,
    }
    if record.expires_at is not None:
        fields |= {"expirationYear": record.expires_at.year, "expirationMonth": record.expires_at.month}
    fields |= {"certUrl": links.page(record.token), "certId": record.number}
    return f"{ADD_TO_PROFILE}?{urlencode(fields)}"
