"""The base of every command: an intent, named as a verb, validated before any handler runs."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Command(BaseModel):
    """An intent, named as a verb (Enroll, CompleteItem). Validated before any handler runs."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)


# The start of a row's id as a button writes it or a person copies it (at least 4 characters of the UUID's text):
# hex digits and dashes only, so it is never read as a pattern.
IdPrefix = Annotated[str, Field(pattern=r"^[0-9A-Fa-f-]{4,36}$")]
