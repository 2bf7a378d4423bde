"""The neutral reply model: what a handler says, rendered by each adapter as its platform does best.

Text uses a small markdown subset that every adapter can render or strip: *bold*, _italic_, `code`,
[label](https://url) and lines starting with "- " for bullets; a backslash before \\ * _ ` [ or ] makes it a
literal character. Anything a person or an author typed (names, titles, answers, question text) goes into a
reply's text through `literal` once, where it is put into the sentence, so every renderer shows it as typed.
A button runs a command: give it the `command` (Enroll(course_code="SEC-101")) and the chat layer's registry
(adapters/chat/grammar.py, Grammar.with_actions) writes its `action`, the command line in the chat grammar
("enroll SEC-101") that parses back into the same command; the adapters encode that compactly for the
platform and check it against the person pressing it. A reply that waits for a typed line (an answer, an essay,
a guided flow's next step) carries a `Prompt` the same way: the command the line completes, written by the
registry as the start of a command line that the typed text ends. A button kept as JSON (a delivery's reply)
keeps its command by name and fields, so it is written and pressed like any other.
"""

import re
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator, model_validator

from domain.command import Command, command_as_json, command_from_json, command_named

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

    @field_serializer("command")
    def _command_as_json(self, command: Command | None) -> dict[str, Any] | None:
        return None if command is None else command_as_json(command)

    @field_validator("command", mode="before")
    @classmethod
    def _command_from_json(cls, value: Any) -> Any:
        return command_from_json(value)


class Prompt(Frozen):
    """What a reply waits for: the person's next typed line, which completes `command`.

    `given` holds the command's fields known already; the chat registry writes them as the start of the command's
    line and reads the typed text as the rest (AnswerQuestion with attempt_id and number given takes the line as
    the answer; GradeEssay with attempt_id and question_id takes "2 Clear and complete" as points and feedback).
    """

    command: type[Command]
    given: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(cls, command: type[Command], **given: Any) -> "Prompt":
        return cls(command=command, given=given)

    @field_serializer("command")
    def _command_by_name(self, command: type[Command]) -> str:
        return command.__name__

    @field_validator("command", mode="before")
    @classmethod
    def _command_named(cls, value: Any) -> Any:
        return command_named(value) if isinstance(value, str) else value


class Link(Frozen):
    label: str
    url: str


class Document(Frozen):
    title: str
    url: str
    size_bytes: int | None = None


class Quiz(Frozen):
    """A question with options; adapters may show it as their platform's native quiz poll when it fits."""

    question: str
    options: list[str]
    # What choosing an option runs: the option's index completes the prompt (AnswerQuestion's answer); the registry
    # writes it as `answer_action`, the line to which the index is appended ("answer 3f2a 1 " + "2").
    answer: Prompt | None = None
    answer_action: str = ""
    correct_option: int | None = None
    explanation: str | None = None
    # One right option: a native quiz poll may show it (each adapter checks its platform's limits).
    native_poll: bool = False

    @model_validator(mode="after")
    def _answers_something(self) -> Self:
        if self.answer is None and not self.answer_action:
            raise ValueError("a quiz's options answer something: give it answer= or answer_action=")
        return self


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
    # The person's next free text answers this prompt (a short answer, an essay); kept in PostgreSQL, not in memory.
    prompt: Prompt | None = None
    # The prompt as the registry writes it: the command line the typed text is appended to ("answer 3f2a 4 " + text).
    text_action: str | None = None


def say(text: str, *buttons: Button, context: str | None = None) -> list[Reply]:
    """The common case: one reply with optional buttons."""
    return [Reply(text=text, buttons=list(buttons), context=context)]
