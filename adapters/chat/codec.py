"""Button actions as compact, signed strings: Telegram allows 64 bytes of callback_data.

An action is a command line ("enroll SEC-101", "answer <attempt uuid> q3 2"). Encoding shortens every
UUID in it to 22 base64url characters and prefixes an HMAC-SHA256 tag (truncated to 8 bytes, 11
characters) over the person it was made for and the action. Decoding recomputes the tag for the person
pressing the button, so a button forged, altered or pressed by someone else is refused. The key comes
from LEARNBOT_SECRET_KEY, or is generated once and kept in the data directory.
"""

import base64
import hashlib
import hmac
import os
import secrets
import uuid
from collections.abc import Callable
from pathlib import Path

from adapters.chat import texts
from domain.errors import InvalidInput

TELEGRAM_LIMIT = 64
TAG_BYTES = 8
TAG_LENGTH = 11  # base64url of 8 bytes, unpadded
UUID_MARK = "~"
KEY_FILE = "secret_key"


class ActionTooLong(ValueError):
    """The action does not fit the platform's limit even when compacted."""


class RefusedAction(InvalidInput):
    """A button that was forged, altered, or made for someone else."""

    def __init__(self) -> None:
        super().__init__(texts.BUTTON_REFUSED)


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def compact_token(token: str) -> str:
    try:
        return UUID_MARK + b64(uuid.UUID(token).bytes) if len(token) == 36 else escape(token)
    except ValueError:
        return escape(token)


def escape(token: str) -> str:
    return UUID_MARK + token if token.startswith(UUID_MARK) else token


def expand_token(token: str) -> str:
    if not token.startswith(UUID_MARK):
        return token
    body = token[1:]
    if body.startswith(UUID_MARK):
        return body
    return str(uuid.UUID(bytes=unb64(body)))


class ActionCodec:
    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the secret key must have at least 16 bytes")
        self._key = key

    def _tag(self, payload: str, user: str) -> str:
        digest = hmac.new(self._key, f"{user}\n{payload}".encode(), hashlib.sha256).digest()
        return b64(digest[:TAG_BYTES])

    def encode(self, action: str, for_user: str, limit: int = TELEGRAM_LIMIT) -> str:
        """A compact, signed form of `action` that only `for_user` can use; ActionTooLong beyond `limit` bytes."""
        payload = " ".join(compact_token(token) for token in action.split(" "))
        data = self._tag(payload, for_user) + payload
        if len(data.encode()) > limit:
            raise ActionTooLong(f"action {action!r} takes {len(data.encode())} bytes encoded; the limit is {limit}")
        return data

    def encoder_for(self, limit: int = TELEGRAM_LIMIT) -> Callable[[str], Callable[[str], str]]:
        """Per person (their platform user id), the encoder of the actions on the buttons sent to them."""

        def signed_for(platform_user_id: str) -> Callable[[str], str]:
            return lambda action: self.encode(action, for_user=platform_user_id, limit=limit)

        return signed_for

    def decode(self, data: str, pressed_by: str) -> str:
        """The action behind `data` when it was made for `pressed_by`; RefusedAction otherwise."""
        tag, payload = data[:TAG_LENGTH], data[TAG_LENGTH:]
        if len(tag) != TAG_LENGTH or not payload or not hmac.compare_digest(tag, self._tag(payload, pressed_by)):
            raise RefusedAction()
        try:
            return " ".join(expand_token(token) for token in payload.split(" "))
        except ValueError:
            raise RefusedAction() from None


def load_secret_key(configured: str | None, data_dir: Path) -> bytes:
    """The configured key, or the one kept under `data_dir` (created on first use, readable by its owner only)."""
    if configured:
        return configured.encode()
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it a moment ago
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_hex(32))
    return path.read_text().strip().encode()
