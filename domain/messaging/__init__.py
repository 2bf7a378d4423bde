"""Messages between people of one organization, delivered by the outbox; replies thread by parent_message_id."""

from domain.messagebus import Command, Handler
from domain.messaging.commands import ArchiveMessage, ReplyToMessage, SendMessage, ShowInbox
from domain.messaging.inbox import archive_message, show_inbox
from domain.messaging.sending import reply_to_message, send_message

HANDLERS: dict[type[Command], Handler] = {
    SendMessage: send_message,
    ReplyToMessage: reply_to_message,
    ShowInbox: show_inbox,
    ArchiveMessage: archive_message,
}
