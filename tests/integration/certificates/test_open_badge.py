"""The Open Badge: an OpenBadgeCredential signed with the organization's Ed25519 key, checked independently.

The check here shares no code with LearnBot's signer: JCS by json.dumps (the credential holds no floats, and
its keys are ASCII, where RFC 8785 and sorted compact JSON agree), the signature by PyNaCl (libsodium).
"""

import hashlib
import json
from typing import Any
from urllib.parse import urlsplit

import base58
import pytest
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from domain.certificates.keys import KeyUnavailable, unseal
from domain.models import Certificate
from tests.integration.certificates.conftest import Client
from tests.integration.certificates.support import Certified, owner_rows
from tests.integration.learning.world import Sessions


def jcs(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def verify(credential: dict[str, Any], public_key: bytes) -> None:
    """eddsa-jcs-2022: raises BadSignatureError unless the proof signs this credential."""
    proof = dict(credential["proof"])
    signature = base58.b58decode(proof.pop("proofValue")[1:])
    document = {k: v for k, v in credential.items() if k != "proof"}
    digest = hashlib.sha256(jcs(proof)).digest() + hashlib.sha256(jcs(document)).digest()
    VerifyKey(public_key).verify(digest, signature)


async def public_key_of(client: Client, credential: dict[str, Any]) -> bytes:
    method = credential["proof"]["verificationMethod"]
    document = await (await client.get(urlsplit(method).path)).json()
    assert document["id"] == method
    assert document["type"] == "Multikey"
    decoded = base58.b58decode(document["publicKeyMultibase"][1:])
    assert decoded[:2] == b"\xed\x01"  # the Ed25519 multicodec prefix
    return decoded[2:]


async def test_the_badge_is_an_open_badge_credential_whose_signature_verifies(
    issued: tuple[Certified, Certificate], client: Client
) -> None:
    c, certificate = issued
    response = await client.get(f"/certificates/{certificate.verification_token}.json")
    credential = await response.json()

    assert response.status == 200
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in credential["@context"]
    assert credential["issuer"]["name"] == c.w.org.name
    assert credential["credentialSubject"]["achievement"]["name"] == "Security Basics"
    assert credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    salt = credential["credentialSubject"]["identifier"][0]["salt"]
    expected = "sha256$" + hashlib.sha256((c.w.trainee.email.lower() + salt).encode()).hexdigest()
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == expected
    verify(credential, await public_key_of(client, credential))


async def test_a_changed_badge_does_not_verify(issued: tuple[Certified, Certificate], client: Client) -> None:
    _, certificate = issued
    credential = await (await client.get(f"/certificates/{certificate.verification_token}.json")).json()
    key = await public_key_of(client, credential)
    credential["credentialSubject"]["achievement"]["name"] = "Advanced Security"

    with pytest.raises(BadSignatureError):
        verify(credential, key)


async def test_a_revoked_certificates_badge_says_so_and_ends_at_the_revocation(
    issued: tuple[Certified, Certificate], client: Client, db: Sessions
) -> None:
    _, certificate = issued
    await owner_rows(
        db,
        "UPDATE certificates SET revoked_at = '2026-12-24T12:00:00Z', is_valid = false, revoked_reason = 'Fraud' "
        "WHERE id = :i",
        i=certificate.id,
    )
    credential = await (await client.get(f"/certificates/{certificate.verification_token}.json")).json()

    assert credential["description"] == "Revoked on 2026-12-24: Fraud"
    assert credential["validUntil"] == "2026-12-24T12:00:00Z"
    verify(credential, await public_key_of(client, credential))


async def test_the_signing_key_is_kept_encrypted_under_the_secret_key(
    issued: tuple[Certified, Certificate], client: Client, db: Sessions
) -> None:
    c, certificate = issued
    await client.get(f"/certificates/{certificate.verification_token}.json")
    [(sealed, public)] = await owner_rows(db, "SELECT private_key_encrypted, public_key FROM organization_keys")

    private = unseal(bytes(sealed), c.w.org.id, c.services.certificates.secret)
    with pytest.raises(KeyUnavailable):
        unseal(bytes(sealed), c.w.org.id, b"another secret")
    raw = private.private_bytes_raw()
    assert raw not in bytes(sealed)
    assert private.public_key().public_bytes_raw() == bytes(public)


async def test_the_issuer_profile_names_the_key(issued: tuple[Certified, Certificate], client: Client) -> None:
    c, certificate = issued
    credential = await (await client.get(f"/certificates/{certificate.verification_token}.json")).json()
    profile = await (await client.get(urlsplit(credential["issuer"]["id"]).path)).json()

    assert profile["name"] == c.w.org.name
    assert profile["assertionMethod"] == [credential["proof"]["verificationMethod"]]
