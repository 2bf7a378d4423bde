"""What people ask of messages."""

from pydantic import Field

from domain.command import IdPrefix
from domain.messagebus import Command


class SendMessage(Command):
    """to: an email, @username, or a course code (its instructor)."""

    to: str = Field(min_length=1, max_length=255)
    text: str = Field(min_length=1, max_length=3500)


class ReplyToMessage(Command):
    """Without text: ask for it (the next message is the reply)."""

    message_id: IdPrefix
    text: str | None = Field(default=None, max_length=3500)


class ShowInbox(Command):
    pass


class ArchiveMessage(Command):
    message_id: IdPrefix
