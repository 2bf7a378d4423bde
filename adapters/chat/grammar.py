"""The command registry: a line of text in, an engine Command out, and a button's Command back to its line.

Each area registers its phrases (adapters/chat/phrases): a command's words, its parser, its usage, and the
arguments a button writes after the word, so the command's wording, its button and its parser live together
(`action_of` writes the line that `parse` reads back; tests/unit/chat/test_registry.py holds them to it).

A line is a command word and its arguments: case-insensitive, extra spaces ignored, a leading "/" allowed
(and Telegram's "/word@BotName"). Arguments that are free text (an essay, a message) keep their inner
spacing. A known word with wrong arguments is a friendly usage message; an unknown word is `None`, which
the chat layer answers with a short help.
"""

import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Any, NoReturn, TypeVar

from pydantic import ValidationError

from adapters.chat import texts
from domain.errors import InvalidInput
from domain.messagebus import Command
from domain.replies import Button, Reply

AnyCommand = TypeVar("AnyCommand", bound=Command)

WORD = re.compile(r"/?([A-Za-z][\w-]*)(?:@\w+)?")


class Audience(IntEnum):
    """Who a phrase is for, in help: everyone, instructors and admins, or admins."""

    EVERYONE = 0
    STAFF = 1
    ADMIN = 2


class ShowHelp(Command):
    """The chat layer's own command, answered by adapters/chat/help.py's handler on the message bus.

    `not_understood`: the text that named no command; the answer says so and suggests the closest command
    the person may use."""

    not_understood: str | None = None


@dataclass(frozen=True)
class Words:
    """What follows the command word."""

    text: str
    phrase: "Phrase"

    @property
    def tokens(self) -> list[str]:
        return self.text.split()

    def fail(self) -> NoReturn:
        """Refuse with the phrase's explanation, or its usage (and example)."""
        if self.phrase.explain is not None:
            raise InvalidInput(self.phrase.explain)
        usage, example = self.phrase.usage, self.phrase.example
        message = (
            texts.USAGE_EXAMPLE.format(usage=usage, example=example) if example else texts.USAGE.format(usage=usage)
        )
        raise InvalidInput(message)

    def none(self) -> None:
        if self.tokens:
            self.fail()

    def exactly(self, count: int) -> list[str]:
        tokens = self.tokens
        if len(tokens) != count:
            self.fail()
        return tokens

    def at_most(self, count: int) -> list[str]:
        tokens = self.tokens
        if len(tokens) > count:
            self.fail()
        return tokens

    def make(self, command: type[AnyCommand], **values: Any) -> AnyCommand:
        """The command from these values; values it refuses (a bad id, a bad date) get the usage message."""
        try:
            return command(**values)
        except ValidationError:
            self.fail()

    def rest_after(self, count: int) -> str:
        """The text after the first `count` tokens, as typed (inner spacing and line breaks kept)."""
        parts = self.text.split(None, count)
        if len(parts) <= count:
            self.fail()
        return parts[count].strip()


Parser = Callable[[Words], Command]


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    # The command it makes; the message bus must have a handler for it, or the phrase is left out.
    command: type[Command]
    parse: Parser
    usage: str
    summary: str
    audience: Audience = Audience.EVERYONE
    example: str | None = None
    # Button-only phrases (answering a question) are not listed in help.
    listed: bool = True
    # The command's fields a button writes after the first word, in order (None: it is never a button).
    arguments: tuple[str, ...] | None = None
    # Said instead of the usage when the words do not fit (for phrases whose usage names hidden ids).
    explain: str | None = None
    # Said when a reply to this phrase's prompt (Reply.text_action) does not fit; the prompt stays.
    reply_hint: str | None = None

    def action(self, command: Command) -> str:
        """The command line that runs `command`: the first word and the arguments it has."""
        assert self.arguments is not None
        values = (getattr(command, name) for name in self.arguments)
        return " ".join([self.words[0], *(str(value) for value in values if value is not None and value != "")])


@dataclass(frozen=True)
class Parsed:
    command: Command
    phrase: Phrase


def command_word(text: str) -> tuple[str, str] | None:
    """The lower-cased command word and the rest of the line, or None when the line starts with no word."""
    parts = text.strip().split(None, 1)
    if not parts:
        return None
    match = WORD.fullmatch(parts[0])
    if match is None:
        return None
    return match.group(1).lower(), parts[1] if len(parts) > 1 else ""


@dataclass
class Grammar:
    phrases: dict[str, Phrase] = field(default_factory=dict)
    # The phrase that writes each command as a button's action (the first registered with arguments).
    writers: dict[type[Command], Phrase] = field(default_factory=dict)

    def add(self, phrase: Phrase) -> None:
        for word in phrase.words:
            if word in self.phrases:
                raise ValueError(f"the command word '{word}' is registered twice")
            self.phrases[word] = phrase
        if phrase.arguments is not None:
            self.writers.setdefault(phrase.command, phrase)

    def action_of(self, command: Command) -> str:
        """The command line a button runs for `command`, which `parse` reads back into an equal command."""
        writer = self.writers.get(type(command))
        if writer is None:
            raise ValueError(f"no phrase writes {type(command).__name__} on a button")
        return writer.action(command)

    def with_actions(self, replies: Sequence[Reply]) -> list[Reply]:
        """The replies with every button that carries a command given its action line (before rendering)."""
        if not any(button.command is not None for reply in replies for button in (*reply.buttons, *reply.choices)):
            return list(replies)
        return [
            reply.model_copy(
                update={
                    "buttons": [self._written(b) for b in reply.buttons],
                    "choices": [self._written(b) for b in reply.choices],
                }
            )
            for reply in replies
        ]

    def _written(self, button: Button) -> Button:
        if button.command is None:
            return button
        return button.model_copy(update={"action": self.action_of(button.command), "command": None})

    def __iter__(self) -> Iterator[Phrase]:
        seen: list[Phrase] = []
        for phrase in self.phrases.values():
            if not any(phrase is known for known in seen):
                seen.append(phrase)
        return iter(seen)

    def reply_hint(self, prompt: str) -> str | None:
        """What to say when a reply to `prompt` does not fit its phrase."""
        found = command_word(prompt)
        phrase = self.phrases.get(found[0]) if found else None
        return None if phrase is None else phrase.reply_hint

    def knows(self, text: str) -> bool:
        found = command_word(text)
        return found is not None and found[0] in self.phrases

    def parse(self, text: str) -> Parsed | None:
        """The command a line asks for; None when its first word is no command. Bad arguments raise InvalidInput."""
        found = command_word(text)
        if found is None or found[0] not in self.phrases:
            return None
        word, rest = found
        phrase = self.phrases[word]
        return Parsed(phrase.parse(Words(rest.strip(), phrase)), phrase)

    def keep_only(self, handled: Collection[type[Command]]) -> "Grammar":
        """The phrases whose command has a handler."""
        kept = Grammar()
        for phrase in self:
            if phrase.command in handled:
                kept.add(replace(phrase))
        return kept


def show_help(words: Words) -> Command:
    words.none()
    return ShowHelp()


def start(words: Words) -> Command:
    # Telegram sends "/start <invite code>" from a deep link; for a linked person the code is spent.
    words.at_most(1)
    return ShowHelp()


def core_grammar() -> Grammar:
    """The phrases of the chat layer itself."""
    grammar = Grammar()
    grammar.add(Phrase(("help", "menu"), ShowHelp, show_help, "help", "what I can do", arguments=()))
    grammar.add(Phrase(("start",), ShowHelp, start, "start", "what I can do", listed=False))
    return grammar
