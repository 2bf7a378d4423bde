"""The fields of a Telegram update that we read, checked at the edge before PTB or the parser sees them.

An update that does not match is not Telegram's (Telegram only sends these shapes): the webhook answers 400
and nothing else happens. Fields we never read are left to PTB, whose own errors count as malformed too.
Strict types: a number is not text and text is not a number.
"""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# Telegram's ids fit in 52 bits; message ids, dates and option indexes are far smaller.
TelegramId = Annotated[int, Field(gt=-(2**52), lt=2**52)]
SmallCount = Annotated[int, Field(ge=0, lt=2**31)]
# Unix time up to the year 9999 (what datetime can hold).
UnixTime = Annotated[int, Field(ge=0, le=253_402_300_799)]
ShortText = Annotated[str, Field(max_length=256)]


class Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True, populate_by_name=True)


class User(Model):
    id: TelegramId
    is_bot: bool
    first_name: str
    last_name: str | None = None
    username: str | None = None


class Chat(Model):
    id: TelegramId
    type: ShortText


class Contact(Model):
    phone_number: ShortText
    user_id: TelegramId | None = None


class Entity(Model):
    type: ShortText
    offset: SmallCount
    length: SmallCount


class KeyboardButton(Model):
    text: str
    callback_data: str | None = None
    url: str | None = None


class Keyboard(Model):
    inline_keyboard: list[list[KeyboardButton]]


class Message(Model):
    message_id: SmallCount
    date: UnixTime
    chat: Chat
    sender: User | None = Field(default=None, alias="from")
    text: str | None = None
    caption: str | None = None
    entities: list[Entity] | None = None
    caption_entities: list[Entity] | None = None
    contact: Contact | None = None
    reply_markup: Keyboard | None = None


class CallbackQuery(Model):
    id: ShortText
    sender: User = Field(alias="from")
    message: Message | None = None
    data: ShortText | None = None
    chat_instance: ShortText | None = None


class PollAnswer(Model):
    poll_id: ShortText
    user: User | None = None
    option_ids: list[SmallCount]


class Update(Model):
    update_id: Annotated[int, Field(ge=0, lt=2**52)]
    message: Message | None = None
    callback_query: CallbackQuery | None = None
    poll_answer: PollAnswer | None = None


def invalid_update(data: Any) -> str | None:
    """Why `data` is not a Telegram update we can read; None when it is one."""
    try:
        Update.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the update"
        return f"{where}: {first['msg']}"
    return None
