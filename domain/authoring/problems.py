"""Problems found in a file, each with the path to the value and the reason, e.g. `modules[2].title: required`."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from domain.authoring import texts

Location = Sequence[int | str]


@dataclass(frozen=True)
class Problem:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


def format_path(location: Location) -> str:
    """("modules", 2, "content", 0, "type") -> "modules[2].content[0].type"."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def problems_from(error: ValidationError, tags: Collection[str] = (), prefix: Location = ()) -> list[Problem]:
    """Every error pydantic found, as problems with document paths.

    Pydantic puts the chosen tag of a discriminated union into the location ("content", 0, "video", "url");
    a tag right after a list index is not part of the document, so it is left out of the path.
    """
    problems = []
    for detail in error.errors():
        location: list[int | str] = list(prefix)
        for part in detail["loc"]:
            if isinstance(part, str) and part in tags and location and isinstance(location[-1], int):
                continue
            location.append(part)
        problems.append(describe(detail["type"], location, detail))
    return problems


def describe(kind: str, location: list[int | str], detail: Any) -> Problem:
    context = detail.get("ctx") or {}
    if kind == "union_tag_invalid":
        expected = context["expected_tags"].replace("'", "")
        reason = texts.UNKNOWN_VALUE.format(value=context["tag"], expected=expected)
        return Problem(format_path([*location, context["discriminator"].strip("'")]), reason)
    if kind == "union_tag_not_found":
        return Problem(format_path([*location, context["discriminator"].strip("'")]), texts.REQUIRED)
    if kind in ("literal_error", "enum"):
        reason = texts.UNKNOWN_VALUE.format(value=detail["input"], expected=context["expected"].replace("'", ""))
        return Problem(format_path(location), reason)
    if kind == "missing":
        return Problem(format_path(location), texts.REQUIRED)
    if kind == "extra_forbidden":
        return Problem(format_path(location), texts.UNKNOWN_FIELD)
    message = str(detail["msg"]).removeprefix("Value error, ").replace(" after validation", "")
    return Problem(format_path(location), message[:1].lower() + message[1:])
