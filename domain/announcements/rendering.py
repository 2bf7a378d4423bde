"""How an announcement reads when it reaches someone (each platform renders the neutral reply)."""

from domain.models.enums import Priority
from domain.replies import Reply, literal

MARKS = {Priority.URGENT: "🚨 *URGENT* · ", Priority.HIGH: "❗ ", Priority.LOW: ""}


def announcement_reply(title: str, content: str, priority: str | None, *, pinned: bool = False) -> Reply:
    """An urgent one starts with a siren and URGENT in bold on every platform; a pinned one says so below."""
    mark = MARKS.get(Priority(priority or Priority.NORMAL), "")
    label = "Urgent announcement" if priority == Priority.URGENT else "Announcement"
    context = f"{label} · pinned" if pinned else label
    return Reply(text=f"{mark}*{literal(title)}*\n{literal(content)}", context=context)
