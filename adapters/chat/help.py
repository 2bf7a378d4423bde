"""Help: the commands a person may use, listed from the grammar, with buttons for the common ones."""

from adapters.chat import texts
from adapters.chat.grammar import Audience, Grammar, Phrase, ShowHelp
from domain.actor import Actor
from domain.learning.commands import BrowseCatalog, ContinueCourse, ShowMyLearning
from domain.messagebus import Context, Handler
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
        """List what the person may do."""
        return [help_reply(grammar, audience_of(ctx.actor))]

    return show_help


def short_help(grammar: Grammar, word: str | None) -> Reply:
    """The answer to an unknown command or free text: a line and the everyday buttons."""
    text = texts.UNKNOWN_COMMAND.format(word=literal(word)) if word else texts.FREE_TEXT
    return Reply(text=text, buttons=shortcuts(grammar))
