"""Human references to quizzes: the key from the course file (`security-basics-quiz`), the title, or the id.

What the bot shows is what it accepts: `reference` is the key when there is a short one, else the short id.
"""

import uuid
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, select

from domain.assessments.ids import parse_id, short_id
from domain.assessments.typed_choice import folded
from domain.models import Assessment, Course

# A reference goes into button actions (Telegram: 64 bytes with the command word and a signature).
REFERENCE_MAX = 30


class Named(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def title(self) -> str: ...
    @property
    def settings(self) -> Any: ...


Item = TypeVar("Item")


def key_of(assessment: Named) -> str | None:
    key = (assessment.settings or {}).get("key")
    return key if isinstance(key, str) and key.strip() else None


def reference(assessment: Named) -> str:
    """What to show and accept for the quiz: its key from the course file, or its short id."""
    key = key_of(assessment)
    return key if key is not None and len(key) <= REFERENCE_MAX and " " not in key else short_id(assessment.id)


def as_uuid(text: str) -> uuid.UUID | None:
    value = parse_id(text)
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def first(row: Any) -> Any:
    return row[0]


def matching(rows: Sequence[Item], typed: str, quiz_of: Callable[[Item], Named] = first) -> list[Item]:
    """The quizzes the typed reference names: by id, else by key, else by title (case and accents ignored)."""
    wanted = as_uuid(typed.strip())
    if wanted is not None:
        return [row for row in rows if quiz_of(row).id == wanted]
    name = folded(typed)
    by_key = [row for row in rows if folded(key_of(quiz_of(row)) or "") == name]
    by_title = by_key or [row for row in rows if folded(quiz_of(row).title) == name]
    if by_title or not name:
        return by_title
    # Words from the title, when they name one quiz only ("quiz phishing").
    containing = [row for row in rows if name in folded(quiz_of(row).title)]
    return containing if len(containing) == 1 else []


def quizzes_of(where: ColumnElement[bool]) -> Any:
    """Quizzes with their course, in course code and module order."""
    return (
        select(Assessment, Course)
        .join(Course, Course.id == Assessment.course_id)
        .where(where)
        .order_by(Course.course_code, Assessment.title)
    )
