"""Updates no Telegram would send, posted with the right secret: each is refused with 400 (or ignored), never a 5xx,
and none reaches the conversation layer or sends anything."""

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from adapters.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from tests.e2e.telegram.harness import SECRET, RecordingChat, TelegramHarness
from tests.support.fake_telegram import Person, callback_update, contact_update, message_update

TESS = Person(701, "Tess", "Trainee")
MENU = {"message_id": 1, "date": 0, "chat": TESS.private_chat(), "text": "Menu"}

Change = Callable[[dict[str, Any]], None]


def in_message(key: str, value: Any) -> Change:
    return lambda update: update["message"].__setitem__(key, value)


def in_query(key: str, value: Any) -> Change:
    return lambda update: update["callback_query"].__setitem__(key, value)


def without(key: str) -> Change:
    return lambda update: update["message"].pop(key)


CHANGED_MESSAGES: dict[str, Change] = {
    "text that is a number": in_message("text", 5),
    "text that is a list": in_message("text", ["/courses"]),
    "text that is an object": in_message("text", {"a": 1}),
    "a date of 2^63": in_message("date", 2**63),
    "a negative date": in_message("date", -(2**63)),
    "a date that is text": in_message("date", "today"),
    "chat null": in_message("chat", None),
    "chat missing": without("chat"),
    "chat without an id": in_message("chat", {"type": "private"}),
    "a chat id of 2^70": in_message("chat", {"id": 2**70, "type": "private"}),
    "from a number": in_message("from", 7),
    "from with a text id": in_message("from", {"id": "701", "is_bot": False, "first_name": "T"}),
    "a first name that is a number": in_message("from", {"id": 701, "is_bot": False, "first_name": 1}),
    "entities that are not a list": in_message("entities", "bold"),
    "an entity beyond the text": in_message("entities", [{"type": "bold", "offset": -5, "length": 2**40}]),
    "a message that is a list": lambda update: update.__setitem__("message", []),
    "an update id that is text": lambda update: update.__setitem__("update_id", "1"),
    "an update id of 2^63": lambda update: update.__setitem__("update_id", 2**63),
}
# Telegram's own shapes that carry nothing for us: answered 200 and ignored.
IGNORED_MESSAGES: dict[str, Change] = {
    "from null (a channel post has no sender)": in_message("from", None),
    "a sender that is a bot": in_message("from", {"id": 9, "is_bot": True, "first_name": "Bot"}),
}
CHANGED_QUERIES: dict[str, Change] = {
    "callback data that is a number": in_query("data", 12),
    "callback data that is an object": in_query("data", {"x": 1}),
    "callback data of 10,000 characters": in_query("data", "x" * 10_000),
    "a query without an id": lambda update: update["callback_query"].pop("id"),
    "a query id that is a number": in_query("id", 5),
    "a query from nobody": in_query("from", None),
    "a pressed message whose chat is null": in_query("message", MENU | {"chat": None}),
    "a pressed message of keyboard rubbish": in_query("message", MENU | {"reply_markup": {"inline_keyboard": 3}}),
}


@pytest.mark.parametrize("change", list(CHANGED_MESSAGES.values()), ids=list(CHANGED_MESSAGES))
async def test_a_message_with_a_field_of_the_wrong_shape_is_refused_with_400(
    telegram: TelegramHarness, chat: RecordingChat, change: Change
) -> None:
    update = message_update(TESS, "/courses")
    change(update)
    response = await telegram.post(update)
    assert response.status == 400, await response.text()
    assert chat.received == []
    assert telegram.fake.calls_to("sendMessage") == []


@pytest.mark.parametrize("change", list(IGNORED_MESSAGES.values()), ids=list(IGNORED_MESSAGES))
async def test_a_message_with_nothing_for_us_is_ignored(
    telegram: TelegramHarness, chat: RecordingChat, change: Change
) -> None:
    update = message_update(TESS, "/courses")
    change(update)
    response = await telegram.post(update)
    assert response.status == 200, await response.text()
    assert chat.received == []
    assert telegram.fake.calls_to("sendMessage") == []


@pytest.mark.parametrize("change", list(CHANGED_QUERIES.values()), ids=list(CHANGED_QUERIES))
async def test_a_button_press_of_the_wrong_shape_is_refused_with_400(
    telegram: TelegramHarness, chat: RecordingChat, change: Change
) -> None:
    update = callback_update(TESS, copy.deepcopy(MENU), "help")
    change(update)
    response = await telegram.post(update)
    assert response.status == 400, await response.text()
    assert chat.received == []
    assert telegram.fake.calls_to("sendMessage") == []


async def test_a_contact_with_a_user_id_that_is_text_is_refused_with_400(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    update = contact_update(TESS, "+15550100", contact_user_id=TESS.id)
    update["message"]["contact"]["user_id"] = str(TESS.id)
    assert (await telegram.post(update)).status == 400
    assert chat.received == []


@pytest.mark.parametrize(
    "body",
    [b"[" * 10_000 + b"]" * 10_000, b'{"update_id": 1, "message": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"],
    ids=["a list", "inside an update"],
)
async def test_json_nested_ten_thousand_deep_is_refused_with_400(
    telegram: TelegramHarness, chat: RecordingChat, body: bytes
) -> None:
    response = await telegram.client.post(WEBHOOK_PATH, data=body, headers={SECRET_HEADER: SECRET})
    assert response.status == 400
    assert chat.received == []


@pytest.mark.parametrize("body", [b"null", b"[]", b"5", b'"update"', b"true"])
async def test_a_body_that_is_json_but_no_object_is_refused_with_400(
    telegram: TelegramHarness, chat: RecordingChat, body: bytes
) -> None:
    response = await telegram.client.post(WEBHOOK_PATH, data=body, headers={SECRET_HEADER: SECRET})
    assert response.status == 400
    assert chat.received == []


async def test_after_hostile_updates_a_genuine_one_is_still_answered(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    for change in CHANGED_MESSAGES.values():
        update = message_update(TESS, "/courses")
        change(update)
        await telegram.post(update)
    await telegram.deliver(message_update(TESS, "/courses"))
    assert [incoming.text for incoming in chat.received] == ["/courses"]
    assert json.dumps(telegram.fake.texts_to(TESS.id)) == json.dumps(["You said: /courses"])
