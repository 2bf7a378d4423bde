"""A Telegram Update as the neutral Incoming, plus what only Telegram needs (the callback query to answer).

In private chats every message counts; in groups only commands addressed to us, never the chatter.
"""

import re
from dataclasses import dataclass, replace

from telegram import CallbackQuery, Chat, Message, PollAnswer, Update, User

from adapters.chat.incoming import Incoming
from adapters.telegram.keyboards import choice_action, pressed_label
from domain.models.enums import ChatPlatform

# The conversation layer takes the slash as typed: "/start <code>" is how it recognises an invite, and a
# slash marks a command even while a free-text prompt waits (adapters/chat/identity.py, service.py).
COMMAND_MARK = "/"
# "/enroll@LearnBot SEC-101": the command, the bot it is addressed to, the rest.
_COMMAND = re.compile(r"^/(?P<command>[A-Za-z0-9_]{1,64})(?:@(?P<bot>[A-Za-z0-9_]+))?(?:\s+(?P<rest>.*))?$", re.DOTALL)


@dataclass(frozen=True)
class AnsweredQuestion:
    """The message whose choice was pressed, to be shown as answered once the answer is taken."""

    chat_id: int
    message_id: int
    question_html: str
    chosen_label: str


@dataclass(frozen=True)
class Parsed:
    # None: nothing for the conversation layer (chatter in a group, an update kind we do not handle).
    incoming: Incoming | None
    # Every callback query must be answered, even when nothing else happens.
    callback_query_id: str | None = None
    answered: AnsweredQuestion | None = None


IGNORED = Parsed(None)


def parse(update: Update, bot_username: str) -> Parsed:
    """What this update asks of us."""
    if update.callback_query is not None:
        return _callback(update.update_id, update.callback_query)
    if update.poll_answer is not None:
        return Parsed(_poll_answer(update.update_id, update.poll_answer))
    if update.message is not None:
        return Parsed(_message(update.update_id, update.message, bot_username))
    return IGNORED


def command_text(text: str, bot_username: str) -> str | None:
    """ "/enroll@Bot SEC-101" as "/enroll SEC-101"; None when it is not a command or is meant for another bot."""
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    addressed_to = match.group("bot")
    if addressed_to is not None and addressed_to.lower() != bot_username.lower():
        return None
    rest = (match.group("rest") or "").strip()
    return f"{COMMAND_MARK}{match.group('command')} {rest}".strip()


def _message(update_id: int, message: Message, bot_username: str) -> Incoming | None:
    person = message.from_user
    if person is None or person.is_bot:
        return None
    private = message.chat.type == Chat.PRIVATE
    text = message.text or message.caption or ""
    command = command_text(text, bot_username) if text.startswith("/") else None
    if not private:
        # In groups: only commands addressed to us. Contacts and chatter are not ours to answer.
        return _incoming(update_id, person, message.chat.id, text=command) if command is not None else None
    if command is None and _COMMAND.match(text.strip()):
        return None  # a command for another bot
    if message.contact is not None:
        # Only a contact of the sender themselves may link them; someone else's phone number is ignored.
        own = message.contact.user_id is not None and message.contact.user_id == person.id
        if own:
            return _incoming(update_id, person, message.chat.id, contact_phone=message.contact.phone_number)
        return _incoming(update_id, person, message.chat.id, text="")
    return _incoming(update_id, person, message.chat.id, text=command if command is not None else text)


def _callback(update_id: int, query: CallbackQuery) -> Parsed:
    if query.data is None:
        return Parsed(None, callback_query_id=query.id)
    action, is_choice = choice_action(query.data)
    message = query.message
    chat_id = message.chat.id if message is not None else query.from_user.id
    answered = None
    if is_choice and isinstance(message, Message):
        label = pressed_label(message.reply_markup, query.data)
        if label is not None and message.text is not None:
            answered = AnsweredQuestion(chat_id, message.message_id, message.text_html, label)
    incoming = _incoming(update_id, query.from_user, chat_id, action=action)
    return Parsed(incoming, callback_query_id=query.id, answered=answered)


def _poll_answer(update_id: int, answer: PollAnswer) -> Incoming | None:
    voter = answer.user
    if voter is None or len(answer.option_ids) != 1:
        # Anonymous votes (a chat voting) and retracted votes answer nothing.
        return None
    # Quiz polls go to private chats, whose id is the person's: the answer's replies go there.
    return replace(_incoming(update_id, voter, voter.id), poll_id=answer.poll_id, poll_option=answer.option_ids[0])


def _incoming(
    update_id: int,
    person: User,
    chat_id: int,
    *,
    text: str | None = None,
    action: str | None = None,
    contact_phone: str | None = None,
) -> Incoming:
    return Incoming(
        platform=ChatPlatform.TELEGRAM,
        workspace_id="",
        platform_user_id=str(person.id),
        chat_id=str(chat_id),
        update_key=str(update_id),
        text=text,
        action=action,
        contact_phone=contact_phone,
        display_name=person.full_name,
    )
