"""Replies as console text: buttons, choices and quiz options numbered, so a typed number picks one."""

from dataclasses import dataclass, field

from adapters.console.markdown import plain
from domain.replies import Reply


@dataclass
class Rendered:
    text: str
    # The action behind each number shown: options[0] is [1].
    options: list[str] = field(default_factory=list)


def size(size_bytes: int) -> str:
    if size_bytes < 1024:
        return f"{size_bytes} bytes"
    if size_bytes < 1024 * 1024:
        return f"{size_bytes / 1024:.1f} KB"
    return f"{size_bytes / (1024 * 1024):.1f} MB"


def render(replies: list[Reply]) -> Rendered:
    """All replies to one line as one block of text, numbering every option across them from 1."""
    options: list[str] = []
    blocks = [render_one(reply, options) for reply in replies]
    return Rendered("\n\n".join(block for block in blocks if block), options)


def render_one(reply: Reply, options: list[str]) -> str:
    lines = [plain(reply.text)] if reply.text else []
    # A quiz's choices are its options; choices and buttons alike are numbered.
    picks = [(button.label, button.action) for button in [*reply.choices, *reply.buttons]]
    if reply.quiz is not None and not reply.choices:
        picks = [(option, f"{reply.quiz.answer_action}{n}") for n, option in enumerate(reply.quiz.options)] + picks
    for label, action in picks:
        options.append(action)
        lines.append(f"  [{len(options)}] {plain(label)}")
    if reply.link is not None:
        lines.append(f"  Link: {plain(reply.link.label)} — {reply.link.url}")
    if reply.document is not None:
        known = f" ({size(reply.document.size_bytes)})" if reply.document.size_bytes is not None else ""
        lines.append(f"  Document: {plain(reply.document.title)}{known} — {reply.document.url}")
    if reply.text_action is not None and not picks:
        lines.append("  (type your answer)")
    if reply.context:
        lines.append(f"  — {plain(reply.context)}")
    return "\n".join(lines)
