"""Help: the commands a person may use, listed from the grammar, with buttons for the common ones; and the one
answer to text that names no command, which suggests the closest command the person may use."""

import difflib

from adapters.chat import texts
from adapters.chat.grammar import Audience, Grammar, Phrase, ShowHelp, command_word
from domain.actor import Actor
from domain.errors import InvalidInput
from domain.learning.commands import BrowseCatalog, ContinueCourse, ShowMyLearning
from domain.messagebus import Command, Context, Handler
from domain.models.enums import Role
from domain.replies import Button, Reply, literal

SHORTCUTS = (
    (BrowseCatalog(), texts.HELP_BUTTON_COURSES),
    (ShowMyLearning(), texts.HELP_BUTTON_MY),
    (ContinueCourse(), texts.HELP_BUTTON_CONTINUE),
)
SECTIONS = (
    (Audience.EVERYONE, texts.HELP_TITLE),
    (Audience.STAFF, texts.HELP_STAFF_TITLE),
    (Audience.ADMIN, texts.HELP_ADMIN_TITLE),
)


def audience_of(actor: Actor) -> Audience:
    if actor.role is Role.ADMIN:
        return Audience.ADMIN
    return Audience.STAFF if actor.is_staff else Audience.EVERYONE


def shortcuts(grammar: Grammar) -> list[Button]:
    """Buttons for the everyday commands the grammar has."""
    return [Button(label=label, command=command) for command, label in SHORTCUTS if type(command) in grammar.writers]


def line(phrase: Phrase) -> str:
    return f"- `{phrase.usage}` — {phrase.summary}"


def help_reply(grammar: Grammar, audience: Audience) -> Reply:
    lines: list[str] = []
    for section, title in SECTIONS:
        if section > audience:
            continue
        phrases = [phrase for phrase in grammar if phrase.listed and phrase.audience is section]
        if phrases:
            lines += ["", title] if lines else [title]
            lines += [line(phrase) for phrase in phrases]
    lines += ["", texts.HELP_FOOTER]
    return Reply(text="\n".join(lines), buttons=shortcuts(grammar))


def help_handler(grammar: Grammar) -> Handler:
    """The handler for ShowHelp, run by the message bus like any command (so it clears a pending prompt)."""

    async def show_help(ctx: Context, command: ShowHelp) -> list[Reply]:
        """List what the person may do (or say that the text named nothing, and what was probably meant)."""
        if command.not_understood is not None:
            return [short_help(grammar, command.not_understood, audience_of(ctx.actor))]
        return [help_reply(grammar, audience_of(ctx.actor))]

    return show_help


# Words compared with the command words: the first few of the text, each at least this alike.
SUGGEST_FROM_WORDS = 3
LIKENESS = 0.7
QUOTED_MAX = 40


def suggestion(grammar: Grammar, typed: str, audience: Audience) -> str | None:
    """The command word the person most likely meant, among those listed for them; None when none is close."""
    words = sorted(word for word, phrase in grammar.phrases.items() if phrase.listed and phrase.audience <= audience)
    for token in typed.split()[:SUGGEST_FROM_WORDS]:
        found = command_word(token)
        if found is None:
            continue
        close = difflib.get_close_matches(found[0], words, n=1, cutoff=LIKENESS)
        if close:
            return close[0]
    return None


def quoted(typed: str) -> str:
    flat = " ".join(typed.split())
    return flat if len(flat) <= QUOTED_MAX else flat[: QUOTED_MAX - 1] + "…"


def short_help(grammar: Grammar, typed: str, audience: Audience = Audience.EVERYONE) -> Reply:
    """The one answer to text that names no command: what was probably meant, help and the everyday buttons."""
    meant = suggestion(grammar, typed, audience)
    # A lone number is an option picked where none (or not that many) is shown.
    text = (texts.NO_SUCH_OPTION if typed.strip().isdecimal() else texts.NOT_UNDERSTOOD).format(
        typed=literal(quoted(typed))
    )
    buttons = []
    if meant is not None:
        text += texts.DID_YOU_MEAN.format(word=meant)
        alone = command_alone(grammar, meant)
        if alone is not None:
            buttons.append(Button(label=meant, command=alone))
    buttons.append(Button(label=texts.HELP_BUTTON, command=ShowHelp()))
    return Reply(text=text + texts.SEE_HELP, buttons=buttons + shortcuts(grammar))


def command_alone(grammar: Grammar, word: str) -> Command | None:
    """The command the word makes with nothing after it; None when it needs more."""
    try:
        parsed = grammar.parse(word)
    except InvalidInput:
        return None
    return None if parsed is None else parsed.command
