"""A local fake Telegram Bot API (real HTTP on 127.0.0.1) and builders for real Telegram Update JSON.

The server records every call with its parameters and answers as Telegram does, including its checks
that catch adapter bugs: HTML parsed strictly into entities (unbalanced or unknown tags, a bare '<' or
'&' are refused), text over 4096 characters after parsing, callback data over 64 bytes, quiz polls
without a correct option. It can be told to answer 429 with retry_after, 403 (blocked) or to be slow.
"""

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 700000001
BOT_USERNAME = "LearnBotTestBot"
TOKEN = f"{BOT_ID}:TEST-fake-token"
# Values PTB sends as plain strings (everything else arrives JSON-encoded).
TEXT_FIELDS = {"text", "caption", "question", "explanation", "callback_query_id", "url", "secret_token", "document"}
TEXT_FIELDS |= {"parse_mode", "type", "inline_message_id", "explanation_parse_mode", "question_parse_mode"}
TEXT_FIELDS |= {"description", "description_parse_mode"}


class BadRequest(Exception):
    def __init__(self, description: str, status: int = 400, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.description, self.status, self.retry_after = description, status, retry_after


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    # Made by answering a webhook request rather than by a request to the Bot API.
    in_webhook_answer: bool = False

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None


@dataclass
class Failure:
    method: str
    status: int
    description: str
    retry_after: int | None = None
    times: int = 1
    chat_id: int | None = None
    delay: float = 0.0


class FakeTelegram:
    """The fake Bot API server; use `async with running_fake_telegram() as telegram`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        self.blocked: set[int] = set()
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._sent_to: dict[int, list[int]] = {}
        self.polls: dict[str, dict[str, Any]] = {}
        self.pending_updates: list[dict[str, Any]] = []
        self.webhook_url = ""
        self._ids = itertools.count(1)
        self._updates_arrived = asyncio.Event()
        self.url = ""

    @property
    def api_url(self) -> str:
        """What TELEGRAM_API_URL is set to (PTB appends the token)."""
        return f"{self.url}/bot"

    # Telling the fake how to misbehave.
    def rate_limit(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        description = f"Too Many Requests: retry after {retry_after}"
        self.failures.append(Failure(method, 429, description, retry_after=retry_after, times=times))

    def fail(self, method: str, description: str, status: int = 400, times: int = 1) -> None:
        self.failures.append(Failure(method, status, description, times=times))

    def slow(self, method: str, seconds: float, times: int = 1) -> None:
        """Answer this method late (after doing what it asks), as when Telegram delivers but the client times out."""
        self.failures.append(Failure(method, 200, "", times=times, delay=seconds))

    def block(self, chat_id: int) -> None:
        self.blocked.add(chat_id)

    def queue_update(self, update: dict[str, Any]) -> None:
        """An update for getUpdates (long polling)."""
        self.pending_updates.append(update)
        self._updates_arrived.set()

    # Reading what happened.
    def calls_to(self, method: str, chat_id: int | None = None) -> list[Call]:
        return [c for c in self.calls if c.method == method and (chat_id is None or c.chat_id == chat_id)]

    def texts_to(self, chat_id: int) -> list[str]:
        """The visible text of every message sent to this chat, in order."""
        return [self._plain(c.params) for c in self.calls_to("sendMessage", chat_id)]

    def sent(self, chat_id: int) -> list[dict[str, Any]]:
        """Every message (as Telegram stored it) sent to this chat, in order, edits applied."""
        return [self.messages[(chat_id, message_id)] for message_id in self._sent_to.get(chat_id, [])]

    async def wait_for(self, method: str, count: int = 1, within: float = 5.0) -> list[Call]:
        deadline = time.monotonic() + within
        while len(self.calls_to(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{method} called {len(self.calls_to(method))} times, expected {count}")
            await asyncio.sleep(0.01)
        return self.calls_to(method)

    # The server.
    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = _decode(dict(await request.post()))
        self.calls.append(Call(method, params))
        try:
            delay = self._injected_failure(method, params)
            result = await self._answer(method, params)
        except BadRequest as error:
            body: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            return web.json_response(body, status=error.status)
        if delay:
            await asyncio.sleep(delay)
        return web.json_response({"ok": True, "result": result})

    async def answer_to_webhook(self, body: dict[str, Any]) -> None:
        """Perform the Bot API request a webhook answered with ({"method": ..., params}), as Telegram does."""
        params = {name: value for name, value in body.items() if name != "method"}
        self.calls.append(Call(body["method"], params, in_webhook_answer=True))
        # Telegram does not report the outcome of a request made in a webhook's answer.
        with contextlib.suppress(BadRequest):
            await self._answer(body["method"], params)

    def _injected_failure(self, method: str, params: dict[str, Any]) -> float:
        chat_id = params.get("chat_id")
        if chat_id is not None and int(chat_id) in self.blocked:
            raise BadRequest("Forbidden: bot was blocked by the user", 403)
        for failure in self.failures:
            if failure.method == method and failure.times > 0:
                failure.times -= 1
                if failure.delay:
                    return failure.delay
                raise BadRequest(failure.description, failure.status, failure.retry_after)
        return 0.0

    async def _answer(self, method: str, params: dict[str, Any]) -> Any:
        match method:
            case "getMe":
                return bot_user() | {"can_join_groups": True, "can_read_all_group_messages": False}
            case "setWebhook":
                self.webhook_url = params.get("url", "")
                return True
            case "deleteWebhook":
                self.webhook_url = ""
                return True
            case "answerCallbackQuery" | "setMyCommands":
                return True
            case "sendMessage":
                return self._store(params, _parse(params, "text", limit=4096, required=True))
            case "sendDocument":
                return self._store(params, _parse(params, "caption", limit=1024), document=params["document"])
            case "sendPoll":
                return self._send_poll(params)
            case "editMessageText" | "editMessageReplyMarkup":
                return self._edit(method, params)
            case "stopPoll":
                poll = self._poll_of(params)
                poll["is_closed"] = True
                return poll
            case "getUpdates":
                return await self._get_updates(params)
        raise BadRequest("Not Found: method not found", 404)

    def _store(self, params: dict[str, Any], text: tuple[str, list[dict[str, Any]]], **extra: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = _message_base(chat_id, next(self._ids))
        body, entities = text
        if "document" in extra:
            message["document"] = {"file_id": f"doc{message['message_id']}", "file_unique_id": "u", "file_name": "f"}
            if body:
                message |= {"caption": body, "caption_entities": entities}
        elif body:
            message |= {"text": body, "entities": entities}
        if "reply_markup" in params:
            message["reply_markup"] = _keyboard(params["reply_markup"])
        self.messages[(chat_id, message["message_id"])] = message
        self._sent_to.setdefault(chat_id, []).append(message["message_id"])
        return message

    def _send_poll(self, params: dict[str, Any]) -> dict[str, Any]:
        question, options = params["question"], params["options"]
        if not 1 <= len(question) <= 300 or not 2 <= len(options) <= 12:
            raise BadRequest("Bad Request: poll question or options have a wrong length")
        texts = [option if isinstance(option, str) else option["text"] for option in options]
        if any(not 1 <= len(text) <= 100 for text in texts):
            raise BadRequest("Bad Request: POLL_OPTION_INVALID")
        quiz = params.get("type") == "quiz"
        correct = params.get("correct_option_ids")
        if quiz and (not correct or any(not 0 <= i < len(texts) for i in correct)):
            raise BadRequest("Bad Request: wrong correct option ids specified")
        if len(params.get("explanation") or "") > 200:
            raise BadRequest("Bad Request: explanation is too long")
        description, description_entities = _parse(
            {"text": params.get("description"), "parse_mode": params.get("description_parse_mode")}, "text", limit=None
        )
        if _utf16(description) > 1024:
            raise BadRequest("Bad Request: poll description is too long")
        poll_id = f"5{next(self._ids):018d}"
        poll = {
            "id": poll_id,
            "question": question,
            "options": [{"text": t, "voter_count": 0, "persistent_id": f"{poll_id}-{i}"} for i, t in enumerate(texts)],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": params.get("is_anonymous", True),
            "type": params.get("type", "regular"),
            "allows_multiple_answers": bool(params.get("allows_multiple_answers", False)),
            "allows_revoting": bool(params.get("allows_revoting", False)),
            "members_only": bool(params.get("members_only", False)),
        }
        if description:
            poll |= {"description": description, "description_entities": description_entities}
        if quiz:
            poll["correct_option_ids"] = correct
            if params.get("explanation"):
                poll["explanation"] = params["explanation"]
        self.polls[poll_id] = poll
        message = self._store(params, ("", []))
        message["poll"] = poll
        return message

    def _edit(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise BadRequest("Bad Request: message to edit not found")
        message = dict(self.messages[key])
        if method == "editMessageText":
            body, entities = _parse(params, "text", limit=4096, required=True)
            message |= {"text": body, "entities": entities}
        message.pop("reply_markup", None)
        if "reply_markup" in params:
            message["reply_markup"] = _keyboard(params["reply_markup"])
        if message == self.messages[key]:
            raise BadRequest("Bad Request: message is not modified")
        self.messages[key] = message | {"edit_date": int(time.time())}
        return self.messages[key]

    def _poll_of(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self.messages.get((int(params["chat_id"]), int(params["message_id"])))
        if message is None or "poll" not in message:
            raise BadRequest("Bad Request: message with poll to stop not found")
        poll: dict[str, Any] = message["poll"]
        return poll

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self.pending_updates = [u for u in self.pending_updates if u["update_id"] >= offset]
        if not self.pending_updates:
            self._updates_arrived.clear()
            timeout = min(float(params.get("timeout") or 0), 1.0)
            if timeout:
                await asyncio.wait([asyncio.ensure_future(self._updates_arrived.wait())], timeout=timeout)
        return list(self.pending_updates)

    @staticmethod
    def _plain(params: dict[str, Any]) -> str:
        return _parse(params, "text", limit=None)[0]


@asynccontextmanager
async def running_fake_telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", fake.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        await runner.cleanup()


def _decode(form: dict[str, Any]) -> dict[str, Any]:
    decoded: dict[str, Any] = {}
    for name, value in form.items():
        if name in TEXT_FIELDS or not isinstance(value, str):
            decoded[name] = value
            continue
        try:
            decoded[name] = json.loads(value)
        except json.JSONDecodeError:
            decoded[name] = value
    return decoded


def _keyboard(markup: Any) -> Any:
    markup = json.loads(markup) if isinstance(markup, str) else markup
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
    return markup


def _message_base(chat_id: int, message_id: int) -> dict[str, Any]:
    chat = {"id": chat_id, "type": "private" if chat_id > 0 else "group", "first_name": "Person", "title": "Group"}
    return {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": bot_user()}


def bot_user() -> dict[str, Any]:
    return {"id": BOT_ID, "is_bot": True, "first_name": "LearnBot", "username": BOT_USERNAME}


# Telegram's HTML: the tags it knows and the entity type each makes.
_ENTITY_OF_TAG = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline"}
_ENTITY_OF_TAG |= {"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "code": "code"}
_ENTITY_OF_TAG |= {"pre": "pre", "a": "text_link", "blockquote": "blockquote", "tg-spoiler": "spoiler"}
_HTML_TOKEN = re.compile(r"<(/?)([a-zA-Z-]+)((?:\s+[a-z-]+=\"[^\"<>]*\")*)\s*>|&(lt|gt|amp|quot|#\d+);|[<>&]|[^<>&]+")
_CHARACTER_OF = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _parse(params: dict[str, Any], name: str, limit: int | None, required: bool = False) -> tuple[str, list[Any]]:
    """Text and entities as Telegram makes them from the parameter (HTML parse mode or plain)."""
    value = str(params.get(name) or "")
    text, entities = parse_html(value) if params.get("parse_mode") == "HTML" else (value, [])
    if required and not text.strip():
        raise BadRequest("Bad Request: message text is empty")
    if limit is not None and _utf16(text) > limit:
        raise BadRequest("Bad Request: message is too long" if name == "text" else "Bad Request: caption is too long")
    return text, entities


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    text, entities, open_tags = "", [], []
    for match in _HTML_TOKEN.finditer(source):
        closing, tag, attributes, entity = match.group(1), match.group(2), match.group(3), match.group(4)
        if tag is not None:
            if tag.lower() not in _ENTITY_OF_TAG:
                raise BadRequest(f'Bad Request: can\'t parse entities: unsupported start tag "{tag}"')
            if not closing:
                open_tags.append((tag.lower(), _utf16(text), attributes))
                continue
            if not open_tags or open_tags[-1][0] != tag.lower():
                raise BadRequest(f'Bad Request: can\'t parse entities: unmatched end tag "{tag}"')
            name, start, opened_with = open_tags.pop()
            entity_json: dict[str, Any] = {
                "type": _ENTITY_OF_TAG[name],
                "offset": start,
                "length": _utf16(text) - start,
            }
            if name == "a":
                href = re.search(r'href="([^"]*)"', opened_with)
                entity_json["url"] = href.group(1).replace("&amp;", "&").replace("&quot;", '"') if href else ""
            if entity_json["length"] > 0:
                entities.append(entity_json)
        elif entity is not None:
            text += chr(int(entity[1:])) if entity.startswith("#") else _CHARACTER_OF[entity]
        elif match.group() in "<>&":
            raise BadRequest(f"Bad Request: can't parse entities: unexpected '{match.group()}'")
        else:
            text += match.group()
    if open_tags:
        raise BadRequest(
            f"Bad Request: can't parse entities: can't find end tag corresponding to \"{open_tags[-1][0]}\""
        )
    return text, sorted(entities, key=lambda e: e["offset"])


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# Builders for Telegram Update JSON, as Telegram sends it to a webhook.
@dataclass(frozen=True)
class Person:
    id: int
    first_name: str = "Tess"
    last_name: str | None = "Trainee"
    username: str | None = None

    def json(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name, "language_code": "en"}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        return user

    def private_chat(self) -> dict[str, Any]:
        return {"id": self.id, "type": "private", "first_name": self.first_name}


_update_ids = itertools.count(int(time.time()) % 100_000 * 1000)


def next_update_id() -> int:
    return next(_update_ids)


def message_update(
    person: Person, text: str, *, chat: dict[str, Any] | None = None, update_id: int | None = None
) -> dict[str, Any]:
    """A text message; a leading /command gets its bot_command entity, as Telegram adds it."""
    message: dict[str, Any] = {
        "message_id": next_update_id() % 1_000_000,
        "from": person.json(),
        "chat": chat or person.private_chat(),
        "date": int(time.time()),
        "text": text,
    }
    command = re.match(r"/[A-Za-z0-9_]+(@\w+)?", text)
    if command:
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16(command.group())}]
    return {"update_id": update_id if update_id is not None else next_update_id(), "message": message}


def group_chat(chat_id: int = -100200300) -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": "Training group"}


def contact_update(person: Person, phone: str, *, contact_user_id: int | None) -> dict[str, Any]:
    """A shared contact; Telegram sets contact.user_id when the contact is a Telegram user."""
    update = message_update(person, "")
    del update["message"]["text"]
    contact: dict[str, Any] = {"phone_number": phone, "first_name": person.first_name}
    if contact_user_id is not None:
        contact["user_id"] = contact_user_id
    update["message"]["contact"] = contact
    return update


def callback_update(person: Person, message: dict[str, Any], data: str) -> dict[str, Any]:
    """A press of a button on a message the bot sent (as the fake recorded it)."""
    query = {
        "id": str(next_update_id()),
        "from": person.json(),
        "message": message,
        "chat_instance": "42",
        "data": data,
    }
    return {"update_id": next_update_id(), "callback_query": query}


def poll_answer_update(person: Person, poll: dict[str, Any], option: int) -> dict[str, Any]:
    answer = {
        "poll_id": poll["id"],
        "user": person.json(),
        "option_ids": [option],
        "option_persistent_ids": [poll["options"][option]["persistent_id"]],
    }
    return {"update_id": next_update_id(), "poll_answer": answer}
