"""What a delivery says: its own replies, or (an announcement) the announcement as it reads now."""

from typing import Any

from domain.announcements.rendering import announcement_reply
from domain.replies import Reply


def replies_of(row: Any) -> list[Reply]:
    """The replies of a delivery row that carries `kind`, `replies` and, for an announcement, its columns."""
    if row.kind == "announcement":
        return [announcement_reply(row.title, row.content, row.priority, pinned=bool(row.is_pinned))]
    return [Reply.model_validate(reply) for reply in row.replies or []]
