"""Chat words for messages: message, reply, inbox, archive."""

from adapters.chat.grammar import Grammar, Phrase, Words
from domain.messagebus import Command
from domain.messaging.commands import ArchiveMessage, ReplyToMessage, SendMessage, ShowInbox

REPLY_BY_BUTTON = "To answer a message, press *Reply* under it; type *inbox* to see your messages."
ARCHIVE_BY_BUTTON = "To put a message away, press *Archive* under it; type *inbox* to see your messages."


def message(words: Words) -> Command:
    tokens = words.tokens
    if len(tokens) < 2:
        words.fail()
    return words.make(SendMessage, to=tokens[0], text=words.rest_after(1))


def reply(words: Words) -> Command:
    tokens = words.tokens
    if not tokens:
        words.fail()
    return words.make(ReplyToMessage, message_id=tokens[0], text=words.rest_after(1) if len(tokens) > 1 else None)


def inbox(words: Words) -> Command:
    words.none()
    return ShowInbox()


def archive(words: Words) -> Command:
    return words.make(ArchiveMessage, message_id=words.exactly(1)[0])


def register(grammar: Grammar) -> None:
    grammar.add(
        Phrase(
            ("message", "msg"),
            SendMessage,
            message,
            "message EMAIL|@USERNAME|COURSE TEXT",
            "write to someone (a course code reaches its instructor)",
            example="message SEC-101 I cannot open module 2.",
        )
    )
    grammar.add(
        Phrase(
            ("reply",),
            ReplyToMessage,
            reply,
            "reply ID [TEXT]",
            "answer a message",
            listed=False,
            arguments=("message_id", "text"),
            explain=REPLY_BY_BUTTON,
        )
    )
    grammar.add(Phrase(("inbox",), ShowInbox, inbox, "inbox", "your messages, unread first", arguments=()))
    grammar.add(
        Phrase(
            ("archive",),
            ArchiveMessage,
            archive,
            "archive ID",
            "put a message away",
            listed=False,
            arguments=("message_id",),
            explain=ARCHIVE_BY_BUTTON,
        )
    )
