"""Each organization's Ed25519 signing key, made on first use; the private part encrypted at rest.

The private key is sealed with AES-256-GCM under a key derived (HKDF-SHA256) from LEARNBOT_SECRET_KEY, with
the organization's id as associated data, so a sealed key copied to another organization does not open.
The public key is published as a Multikey (publicKeyMultibase, base58btc of 0xed01 + the raw key).
"""

import hashlib
import os
import uuid
from dataclasses import dataclass

import base58
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import text

from domain.unit_of_work import UnitOfWork

ED25519_MULTICODEC = b"\xed\x01"
NONCE_BYTES = 12
RAW = serialization.Encoding.Raw

ADD_KEY = text("""
INSERT INTO organization_keys (organization_id, key_id, public_key, private_key_encrypted)
VALUES (current_organization_id(), :key_id, :public_key, :private_key_encrypted)
ON CONFLICT (organization_id) DO NOTHING
""")
THE_KEY = text("""
SELECT key_id, public_key, private_key_encrypted FROM organization_keys
WHERE organization_id = current_organization_id()
""")


class KeyUnavailable(Exception):
    """The sealed key does not open: LEARNBOT_SECRET_KEY changed since it was made."""


@dataclass(frozen=True)
class PublicKey:
    key_id: str
    raw: bytes

    @property
    def multibase(self) -> str:
        return "z" + base58.b58encode(ED25519_MULTICODEC + self.raw).decode("ascii")


@dataclass(frozen=True)
class SigningKey:
    public: PublicKey
    private: Ed25519PrivateKey


def sealing_key(secret: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"learnbot organization signing keys")
    return AESGCM(derived.derive(secret))


def seal(private: Ed25519PrivateKey, organization_id: uuid.UUID, secret: bytes) -> bytes:
    raw = private.private_bytes(RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    nonce = os.urandom(NONCE_BYTES)
    return nonce + sealing_key(secret).encrypt(nonce, raw, organization_id.bytes)


def unseal(sealed: bytes, organization_id: uuid.UUID, secret: bytes) -> Ed25519PrivateKey:
    try:
        raw = sealing_key(secret).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], organization_id.bytes)
    except Exception as error:  # cryptography's InvalidTag
        raise KeyUnavailable("the organization's signing key does not open with this LEARNBOT_SECRET_KEY") from error
    return Ed25519PrivateKey.from_private_bytes(raw)


async def public_key(uow: UnitOfWork) -> PublicKey | None:
    """The tenant's public key, if it has one yet."""
    row = await uow.fetch_one(THE_KEY, {})
    return None if row is None else PublicKey(row.key_id, bytes(row.public_key))


async def signing_key(uow: UnitOfWork, secret: bytes) -> SigningKey:
    """The tenant's key, made now if it has none (two first uses at once keep the first one's)."""
    assert uow.organization_id is not None
    organization_id = uuid.UUID(str(uow.organization_id))
    row = await uow.fetch_one(THE_KEY, {})
    if row is None:
        private = Ed25519PrivateKey.generate()
        raw_public = private.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)
        values = {
            "key_id": hashlib.sha256(raw_public).hexdigest()[:16],
            "public_key": raw_public,
            "private_key_encrypted": seal(private, organization_id, secret),
        }
        await uow.fetch(ADD_KEY, values)
        row = await uow.fetch_one(THE_KEY, {})
    public = PublicKey(row.key_id, bytes(row.public_key))
    return SigningKey(public, unseal(bytes(row.private_key_encrypted), organization_id, secret))
