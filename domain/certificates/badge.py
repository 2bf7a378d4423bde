"""The certificate as an Open Badges 3.0 OpenBadgeCredential (a W3C Verifiable Credential v2), signed.

The proof is a Data Integrity proof with the eddsa-jcs-2022 cryptosuite: the proof options and the
credential are each canonicalized with JCS (RFC 8785) and hashed with SHA-256; the Ed25519 signature of the
two hashes (options first) is the proofValue, multibase base58btc. verificationMethod is the organization's
public key at a stable URL (a Multikey document). The credential is signed as the certificate stands when
asked: a revoked one says so in its description and is valid only until its revocation.
"""

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

import base58
import rfc8785

from domain.certificates.keys import PublicKey, SigningKey
from domain.certificates.links import Links
from domain.certificates.records import CertificateRecord

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def identity_hash(email: str, salt: str) -> str:
    """The holder as OB 3.0 hashes an email: sha256$ of the lower-cased address and the salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def credential(record: CertificateRecord, links: Links) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential."""
    salt = record.token[:16]
    achievement = {
        "id": f"{links.issuer(record.organization_id)}/achievements/{record.course_code}",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": record.course_title,
        "description": record.course_description or record.course_title,
        "criteria": {"narrative": f"Completed the course {record.course_title} ({record.course_code})."},
    }
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{record.id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{record.course_title}: certificate {record.number}",
        "issuer": {
            "id": links.issuer(record.organization_id),
            "type": ["Profile"],
            "name": record.organization_name,
        },
        "validFrom": timestamp(record.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(record.email, salt),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": achievement,
        },
    }
    ends = [moment for moment in (record.expires_at, record.revoked_at) if moment is not None]
    if ends:
        document["validUntil"] = timestamp(min(ends))
    if record.revoked:
        when = f" on {record.revoked_at:%Y-%m-%d}" if record.revoked_at else ""
        document["description"] = f"Revoked{when}: {record.revoked_reason or 'no reason given'}"
    return document


def signed(document: dict[str, Any], key: SigningKey, verification_method: str, now: datetime) -> dict[str, Any]:
    """The document with its eddsa-jcs-2022 DataIntegrityProof."""
    options = {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": timestamp(now),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    digest = hashlib.sha256(rfc8785.dumps(options)).digest() + hashlib.sha256(rfc8785.dumps(document)).digest()
    signature = key.private.sign(digest)
    proof = options | {"proofValue": "z" + base58.b58encode(signature).decode("ascii")}
    return document | {"proof": proof}


def signed_badge(record: CertificateRecord, links: Links, key: SigningKey, now: datetime) -> dict[str, Any]:
    return signed(credential(record, links), key, links.key(record.organization_id), now)


def key_document(organization_id: uuid.UUID, key: PublicKey, links: Links) -> dict[str, Any]:
    """The public key as a Multikey verification method, at links.key()."""
    return {
        "@context": MULTIKEY_CONTEXT,
        "id": links.key(organization_id),
        "type": "Multikey",
        "controller": links.issuer(organization_id),
        "publicKeyMultibase": key.multibase,
    }


def issuer_profile(organization_id: uuid.UUID, name: str, key: PublicKey | None, links: Links) -> dict[str, Any]:
    """The issuer's OB 3.0 Profile, naming its key as an assertion method."""
    profile: dict[str, Any] = {
        "@context": CONTEXT,
        "id": links.issuer(organization_id),
        "type": ["Profile"],
        "name": name,
    }
    if key is not None:
        profile["assertionMethod"] = [links.key(organization_id)]
    return profile
