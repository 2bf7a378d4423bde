"""The command registry: a line of text in, an engine Command out, and a button's Command back to its line.

Each area registers its phrases (adapters/chat/phrases): a command's words, its parser, its usage, and how a
button writes its command after the word (`arguments`, or `writes` for the lines that need more), so the
command's wording, its button and its parser live together: `action_of` writes the line that `parse` reads back
(tests/unit/chat/test_registry.py holds every button the engine makes to it). A prompt (a reply waiting for a
typed line) is written the same way, as the start of its command's line: `prompt_line`.

A line is a command word and its arguments: case-insensitive, extra spaces ignored, a leading "/" allowed
(and Telegram's "/word@BotName"). Arguments that are free text (an essay, a message) keep their inner
spacing. A known word with wrong arguments is a friendly usage message; an unknown word is `None`, which
the chat layer answers with a short help.
"""

import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum
from functools import cache
from itertools import takewhile
from typing import Any, NoReturn, TypeVar

from pydantic import ValidationError

from adapters.chat import texts
from domain.errors import InvalidInput
from domain.messagebus import Command
from domain.replies import Button, Prompt, Reply

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
# The words after the command word for the values a command (or a prompt) has.
Writer = Callable[[Mapping[str, Any]], Sequence[object]]


@dataclass(frozen=True)
class Writes:
    """How a button or a prompt writes `command` as a line of its phrase (the words after the command word).

    `arguments`: the command's fields, in order; one not set (None or "") is left out, so optional ones come
    last. `when`: only for commands with these values, which the phrase's parser sets (`retake` is StartAttempt
    with again=True). `write`: for a line that the fields in order cannot say (`rsvp cancel S12`); it is given
    the values the command (or prompt) has. `then`: between the written words and the typed text of a prompt.
    """

    command: type[Command]
    arguments: tuple[str, ...] = ()
    when: Mapping[str, Any] = field(default_factory=dict)
    write: Writer | None = None
    then: str = " "

    def fits(self, value_of: Callable[[str], Any]) -> bool:
        return not self.when or all(value_of(name) == value for name, value in self.when.items())

    def words(self, values: Mapping[str, Any]) -> list[str]:
        if self.write is not None:
            return [str(word) for word in self.write(values)]
        return [str(values[name]) for name in self.arguments if values.get(name) not in (None, "")]

    def given_words(self, given: Mapping[str, Any]) -> list[str] | None:
        """A prompt's words: its given fields must be the first arguments (or be fixed by `when`)."""
        if self.write is not None:
            return self.words(given)
        leading = list(takewhile(lambda name: name in given, self.arguments))
        if set(given) - set(leading) - set(self.when):
            return None  # a given field that would have to come after the typed text
        return self.words({name: given[name] for name in leading})


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
    # How buttons and prompts write other commands, or this one in other ways (see Writes).
    writes: tuple[Writes, ...] = ()
    # Said instead of the usage when the words do not fit (for phrases whose usage names hidden ids).
    explain: str | None = None
    # Said when a reply to this phrase's prompt (Reply.text_action) does not fit; the prompt stays.
    reply_hint: str | None = None

    @property
    def writers(self) -> tuple[Writes, ...]:
        own = () if self.arguments is None else (Writes(self.command, self.arguments),)
        return own + self.writes

    def line(self, words: Sequence[str]) -> str:
        return " ".join([self.words[0], *words])


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
    # Per command, the phrases that write it on a button or a prompt, in the order they were registered.
    writers: dict[type[Command], list[tuple[Phrase, Writes]]] = field(default_factory=dict)

    def add(self, phrase: Phrase) -> None:
        for word in phrase.words:
            if word in self.phrases:
                raise ValueError(f"the command word '{word}' is registered twice")
            self.phrases[word] = phrase
        for writes in phrase.writers:
            self.writers.setdefault(writes.command, []).append((phrase, writes))

    def action_of(self, command: Command) -> str:
        """The command line a button runs for `command`, which `parse` reads back into an equal command."""
        values = command.__dict__  # the fields' values (pydantic keeps them there): read on every update
        for phrase, writes in self.writers.get(type(command), ()):
            if writes.fits(values.__getitem__):
                return phrase.line(writes.words(values))
        raise ValueError(f"no phrase writes {type(command).__name__} on a button")

    def prompt_line(self, prompt: Prompt) -> str:
        """The start of the command line that a prompt's typed text ends (text appended, `parse` reads the command)."""
        given = prompt.given

        def value_of(name: str) -> Any:
            return given[name] if name in given else default_of(prompt.command, name)

        for phrase, writes in self.writers.get(prompt.command, ()):
            words = writes.given_words(prompt.given) if writes.fits(value_of) else None
            if words is not None:
                return phrase.line(words) + writes.then
        raise ValueError(f"no phrase takes a typed line for {prompt.command.__name__} given {sorted(prompt.given)}")

    def with_actions(self, replies: Sequence[Reply]) -> list[Reply]:
        """The replies with the commands of their buttons, prompts and quizzes written as lines (before rendering)."""
        return [self._written_reply(reply) if _has_commands(reply) else reply for reply in replies]

    def _written_reply(self, reply: Reply) -> Reply:
        quiz = reply.quiz
        if quiz is not None and quiz.answer is not None:
            quiz = quiz.model_copy(update={"answer_action": self.prompt_line(quiz.answer), "answer": None})
        return reply.model_copy(
            update={
                "buttons": [self._written(b) for b in reply.buttons],
                "choices": [self._written(b) for b in reply.choices],
                "quiz": quiz,
                "text_action": reply.text_action if reply.prompt is None else self.prompt_line(reply.prompt),
                "prompt": None,
            }
        )

    def _written(self, button: Button) -> Button:
        if button.command is None:
            return button
        return Button(label=button.label, action=self.action_of(button.command), style=button.style)

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


@cache
def default_of(command: type[Command], name: str) -> Any:
    return command.model_fields[name].get_default(call_default_factory=True)


def _has_commands(reply: Reply) -> bool:
    return (
        reply.prompt is not None
        or (reply.quiz is not None and reply.quiz.answer is not None)
        or any(button.command is not None for button in (*reply.buttons, *reply.choices))
    )


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
