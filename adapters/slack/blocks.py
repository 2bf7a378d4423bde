"""Reply -> Block Kit: sections in mrkdwn, buttons, choices, quiz options, links, documents, a progress context.

Slack's limits: 50 blocks per message (100 in a view), section text 3000 characters, button text 75,
button value 2000, 25 elements per actions block. A reply too big for one message becomes several.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from adapters.slack import texts
from adapters.slack.mrkdwn import link, split, to_mrkdwn, truncate
from domain.replies import Button, Reply, literal

log = logging.getLogger(__name__)

Block = dict[str, Any]
Encode = Callable[[str], str]

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
CONTEXT_TEXT = 2000
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ACTIONS_PER_BLOCK = 25
FALLBACK_TEXT = 3000
# action_id prefix of URL buttons: Slack reports their clicks too, and there is nothing to do for them.
LINK_ACTION = "link"


@dataclass(frozen=True)
class Message:
    """One chat.postMessage: the notification text and the blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(mrkdwn, CONTEXT_TEXT)}]}


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, BUTTON_TEXT) or "·", "emoji": True}


def button(label: str, value: str | None, action_id: str, style: str | None = None) -> Block | None:
    """A button, or None (logged) when its value would not fit: a cut action would run something else."""
    if value is None:
        return None
    if len(value) > BUTTON_VALUE:
        log.error("a button action of %d characters (Slack allows %d) left out: %.60s", len(value), BUTTON_VALUE, value)
        return None
    element: Block = {"type": "button", "text": plain(label), "value": value, "action_id": action_id}
    if style is not None:
        element["style"] = style
    return element


def url_button(label: str, url: str, action_id: str) -> Block:
    return {"type": "button", "text": plain(label), "url": url, "action_id": action_id}


def actions(elements: list[Block], block_id: str) -> list[Block]:
    return [
        {"type": "actions", "block_id": f"{block_id}-{start}", "elements": elements[start : start + ACTIONS_PER_BLOCK]}
        for start in range(0, len(elements), ACTIONS_PER_BLOCK)
    ]


class ReplyBlocks:
    """Builds the blocks of one reply; action ids are numbered so they are unique within the message."""

    def __init__(self, encode: Encode) -> None:
        self._encode = encode
        self.counter = 0

    def encode(self, action: str) -> str | None:
        try:
            return self._encode(action)
        except ValueError as error:  # the codec's ActionTooLong among them
            log.error("a button action cannot be encoded for Slack; left out: %s", error)
            return None

    def next_id(self, prefix: str = "act") -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}"

    def buttons(self, buttons: list[Button], block_id: str) -> list[Block]:
        elements = [button(b.label, self.encode(b.action), self.next_id(), b.style) for b in buttons]
        return actions([e for e in elements if e is not None], block_id)

    def choices(self, labels: list[str], values: list[str | None], block_id: str) -> tuple[list[Block], list[Block]]:
        """Choice buttons; labels too long for a button are listed in a section and the buttons numbered."""
        listed: list[Block] = []
        if any(len(label) > BUTTON_TEXT for label in labels):
            numbered = "\n".join(f"*{n}.* {to_mrkdwn(literal(label))}" for n, label in enumerate(labels, 1))
            listed = [section(piece) for piece in split(numbered, SECTION_TEXT)]
            labels = [str(n) for n in range(1, len(labels) + 1)]
        elements = [button(label, value, self.next_id()) for label, value in zip(labels, values, strict=True)]
        return listed, actions([e for e in elements if e is not None], block_id)

    def build(self, reply: Reply) -> list[Block]:
        blocks = [section(piece) for piece in split(to_mrkdwn(reply.text), SECTION_TEXT)]
        # A question usually comes as choices and as a quiz (for Telegram's polls): its buttons are shown once.
        if reply.quiz is not None and not reply.choices:
            quiz = reply.quiz
            if quiz.question not in reply.text:
                blocks += [section(piece) for piece in split(f"*{to_mrkdwn(literal(quiz.question))}*", SECTION_TEXT)]
            values = [self.encode(f"{quiz.answer_action}{index}") for index in range(len(quiz.options))]
            listed, buttons = self.choices(quiz.options, values, "quiz")
            blocks += listed + buttons
        if reply.choices:
            values = [self.encode(choice.action) for choice in reply.choices]
            listed, buttons = self.choices([choice.label for choice in reply.choices], values, "choices")
            blocks += listed + buttons
        if reply.document is not None:
            document = reply.document
            line = texts.DOCUMENT.format(link=link(document.url, document.title))
            if document.size_bytes is not None:
                line += f" ({human_size(document.size_bytes)})"
            blocks.append(section(line))
        if reply.buttons:
            blocks += self.buttons(reply.buttons, "buttons")
        if reply.link is not None:
            blocks += actions([url_button(reply.link.label, reply.link.url, self.next_id(LINK_ACTION))], "link")
        if reply.context:
            blocks.append(context(to_mrkdwn(reply.context)))
        return blocks


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    value, unit = size / 1024, "KB"
    for larger in ("MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, larger
    return f"{value:.1f} {unit}"


def fallback_text(blocks: list[Block]) -> str:
    """The message's notification text: its first section (Slack shows it in notifications and search)."""
    for block in blocks:
        if block["type"] == "section":
            return str(block["text"]["text"])[:FALLBACK_TEXT]
    return texts.CONTINUED


def chunk(blocks: list[Block], size: int) -> list[list[Block]]:
    return [blocks[start : start + size] for start in range(0, len(blocks), size)]


def render(reply: Reply, encode: Encode = str) -> list[Message]:
    """One reply as one message, or several when it has more than 50 blocks; none when it says nothing."""
    return [Message(fallback_text(part), part) for part in chunk(ReplyBlocks(encode).build(reply), MESSAGE_BLOCKS)]


def render_all(replies: list[Reply], encode: Encode = str) -> list[Message]:
    return [message for reply in replies for message in render(reply, encode)]
