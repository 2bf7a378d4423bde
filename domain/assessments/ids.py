"""Short ids for chat actions: a UUID as 22 URL-safe characters, so buttons stay within Telegram's 64 bytes."""

import base64
import binascii
import uuid
from typing import Annotated, Any

from pydantic import BeforeValidator

SHORT_ID_LENGTH = 22


def short_id(value: uuid.UUID) -> str:
    """3f2a...-... -> 'PyqK...' (base64url, no padding)."""
    return base64.urlsafe_b64encode(value.bytes).decode().rstrip("=")


def parse_id(value: Any) -> Any:
    """A UUID from its canonical text or its short form; anything else is left for pydantic to reject."""
    if isinstance(value, str) and len(value.strip()) == SHORT_ID_LENGTH:
        try:
            return uuid.UUID(bytes=base64.urlsafe_b64decode(value.strip() + "=="))
        except (binascii.Error, ValueError):
            return value
    return value


# A command field that takes an id as the canonical UUID text or as short_id() made it.
Id = Annotated[uuid.UUID, BeforeValidator(parse_id)]
