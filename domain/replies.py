"""The neutral reply model: what a handler says, rendered by each adapter as its platform does best.

Text uses a small markdown subset that every adapter can render or strip: *bold*, _italic_, `code`,
[label](https://url) and lines starting with "- " for bullets; a backslash before \\ * _ ` [ or ] makes it a
literal character. Anything a person or an author typed (names, titles, answers, question text) goes into a
reply's text through `literal` once, where it is put into the sentence, so every renderer shows it as typed.
A button runs a command: give it the `command` (Enroll(course_code="SEC-101")) and the chat layer's registry
(adapters/chat/grammar.py, Grammar.with_actions) writes its `action`, the command line in the chat grammar
("enroll SEC-101") that parses back into the same command; the adapters encode that compactly for the
platform and check it against the person pressing it. (A button may still be given its `action` line.)
"""

import re
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.command import Command

# A backslash-escaped mark of the subset: renderers show the character itself (see `literal`).
ESCAPED = re.compile(r"\\([\\*_`\[\]])")
_MARK = re.compile(r"([\\*_`\[\]])")


def literal(text: object) -> str:
    """`text` for a reply's markdown, shown exactly as typed: every mark of the subset escaped."""
    return _MARK.sub(r"\\\1", str(text))


def unescaped(markdown: str) -> str:
    """The escapes of `literal` undone, for where text is shown without markup (a poll, a plain status line)."""
    return ESCAPED.sub(r"\1", markdown)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Button(Frozen):
    label: str
    # What pressing it runs; the registry turns it into `action` before the reply is rendered.
    command: Command | None = None
    # The command line the button runs, as the chat grammar reads it.
    action: str = ""
    style: str | None = Field(default=None, pattern="^(primary|danger)$")

    @model_validator(mode="after")
    def _runs_something(self) -> Self:
        if self.command is None and not self.action:
            raise ValueError("a button runs a command: give it command= or action=")
        return self


class Link(Frozen):
    label: str
    url: str


class Document(Frozen):
    title: str
    url: str
    size_bytes: int | None = None


class Quiz(Frozen):
    """A question with options; adapters may show it as a native quiz poll when it fits."""

    question: str
    options: list[str]
    # The action to run with the chosen option's index appended, e.g. "answer 3f2a 1 " + "2".
    answer_action: str
    correct_option: int | None = None
    explanation: str | None = None
    fits_telegram_poll: bool = False


class Reply(Frozen):
    text: str
    buttons: list[Button] = Field(default_factory=list)
    # Choices answer a question; adapters number them (console) or lay them out as a keyboard.
    choices: list[Button] = Field(default_factory=list)
    link: Link | None = None
    document: Document | None = None
    quiz: Quiz | None = None
    # A short status line under the message (Slack context block, console footer), e.g. "Progress 40%".
    context: str | None = None
    # The person's next free text answers this prompt (a short answer, an essay): the chat layer runs this
    # action with the text appended, e.g. "answer 3f2a q4 " + text. Kept in PostgreSQL, not in memory.
    text_action: str | None = None


def say(text: str, *buttons: Button, context: str | None = None) -> list[Reply]:
    """The common case: one reply with optional buttons."""
    return [Reply(text=text, buttons=list(buttons), context=context)]
