"""The base of every command: an intent, named as a verb, validated before any handler runs."""

from pydantic import BaseModel, ConfigDict


class Command(BaseModel):
    """An intent, named as a verb (Enroll, CompleteItem). Validated before any handler runs."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
