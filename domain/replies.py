"""The neutral reply model: what a handler says, rendered by each adapter as its platform does best.

Text uses a small markdown subset that every adapter can render or strip: *bold*, _italic_, `code`,
[label](https://url) and lines starting with "- " for bullets.
A button's `action` is a command line in the chat grammar (e.g. "enroll SEC-101"); the adapters encode
it compactly for the platform and check it against the person pressing it.
"""

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Button(Frozen):
    label: str
    action: str
    style: str | None = Field(default=None, pattern="^(primary|danger)$")


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
