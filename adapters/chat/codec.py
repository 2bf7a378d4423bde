"""Button actions as compact, signed, expiring strings: Telegram allows 64 bytes of callback_data.

An action is a command line ("enroll SEC-101", "answer <attempt uuid> q3 2"). Encoding shortens every
UUID in it to 22 base64url characters and prefixes an HMAC-SHA256 tag (truncated to 60 bits, 10
characters) over the person it was made for, the day it was issued and the action, then that day (2
characters: days since 1970 modulo 4096, a cycle of 11 years). Decoding recomputes the tag for the person
pressing the button, so a button forged, altered or pressed by someone else is refused; one issued more
than EXPIRES_AFTER_DAYS ago has expired (the chat layer then offers the current choices instead). The key
comes from LEARNBOT_SECRET_KEY, or is generated once and kept in the data directory.
"""

import base64
import hashlib
import hmac
import os
import secrets
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from adapters.chat import texts
from domain.errors import InvalidInput

TELEGRAM_LIMIT = 64
TAG_BYTES = 8
TAG_LENGTH = 10  # 60 bits: the first 10 characters of the base64url of 8 bytes
DAY_LENGTH = 2  # base64url characters of the issue day, modulo DAY_CYCLE
DAY_CYCLE = 64**DAY_LENGTH
EXPIRES_AFTER_DAYS = 7
SECONDS_PER_DAY = 86_400
UUID_MARK = "~"
KEY_FILE = "secret_key"
B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


class ActionTooLong(ValueError):
    """The action does not fit the platform's limit even when compacted."""


class RefusedAction(InvalidInput):
    """A button that was forged, altered, or made for someone else."""

    def __init__(self) -> None:
        super().__init__(texts.BUTTON_REFUSED)


class ExpiredAction(InvalidInput):
    """A genuine button of this person's, issued too long ago to act now."""

    def __init__(self) -> None:
        super().__init__(texts.BUTTON_EXPIRED)


def today() -> int:
    """Days since 1970-01-01 (UTC)."""
    return int(time.time()) // SECONDS_PER_DAY


def day_text(day: int) -> str:
    number = day % DAY_CYCLE
    return B64_ALPHABET[number // 64] + B64_ALPHABET[number % 64]


def day_number(text: str) -> int | None:
    if len(text) != DAY_LENGTH or any(char not in B64_ALPHABET for char in text):
        return None
    return B64_ALPHABET.index(text[0]) * 64 + B64_ALPHABET.index(text[1])


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
    def __init__(self, key: bytes, clock: Callable[[], int] = today) -> None:
        """`clock` gives today's day number (days since 1970)."""
        if len(key) < 16:
            raise ValueError("the secret key must have at least 16 bytes")
        self._key = key
        self._clock = clock

    def _tag(self, day: str, payload: str, user: str) -> str:
        digest = hmac.new(self._key, f"{user}\n{day}\n{payload}".encode(), hashlib.sha256).digest()
        return b64(digest[:TAG_BYTES])[:TAG_LENGTH]

    def encode(self, action: str, for_user: str, limit: int = TELEGRAM_LIMIT) -> str:
        """A compact, signed form of `action` that only `for_user` can use, for EXPIRES_AFTER_DAYS; ActionTooLong
        beyond `limit` bytes."""
        payload = " ".join(compact_token(token) for token in action.split(" "))
        day = day_text(self._clock())
        data = self._tag(day, payload, for_user) + day + payload
        if len(data.encode()) > limit:
            raise ActionTooLong(f"action {action!r} takes {len(data.encode())} bytes encoded; the limit is {limit}")
        return data

    def encoder_for(self, limit: int = TELEGRAM_LIMIT) -> Callable[[str], Callable[[str], str]]:
        """Per person (their platform user id), the encoder of the actions on the buttons sent to them."""

        def signed_for(platform_user_id: str) -> Callable[[str], str]:
            return lambda action: self.encode(action, for_user=platform_user_id, limit=limit)

        return signed_for

    def decode(self, data: str, pressed_by: str) -> str:
        """The action behind `data` when it was made for `pressed_by`: RefusedAction when it was not (or is not
        ours at all), ExpiredAction when it was issued more than EXPIRES_AFTER_DAYS ago."""
        header = TAG_LENGTH + DAY_LENGTH
        tag, day, payload = data[:TAG_LENGTH], data[TAG_LENGTH:header], data[header:]
        issued = day_number(day)
        if len(tag) != TAG_LENGTH or issued is None or not payload:
            raise RefusedAction()
        # Compared as bytes: compare_digest refuses str with characters beyond ASCII, which anyone can send.
        if not hmac.compare_digest(tag.encode(), self._tag(day, payload, pressed_by).encode()):
            raise RefusedAction()
        age = (self._clock() - issued) % DAY_CYCLE
        # A day ahead is another instance's clock that already passed midnight, not an old button.
        if EXPIRES_AFTER_DAYS < age < DAY_CYCLE - 1:
            raise ExpiredAction()
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
