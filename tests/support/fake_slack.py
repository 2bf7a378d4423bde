"""A fake Slack for tests: a Web API server on 127.0.0.1 that records every call, and signed requests.

The server answers like Slack (auth.test, chat.postMessage, chat.update, conversations.open, users.info,
views.publish, apps.connections.open) and can answer 429 with Retry-After, an API error (channel_not_found,
a 5xx) or late instead.
It also serves the Socket Mode WebSocket that apps.connections.open points to.
"""

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestServer

TEAM_ID = "T0LEARN"
BOT_USER_ID = "U0LEARNBOT"
BOT_ID = "B0LEARNBOT"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    # The bearer token the call was made with.
    token: str | None = None
    at: float = field(default_factory=time.monotonic)
    status: int = 200
    answer: dict[str, Any] = field(default_factory=dict)
    # The client's address and port: calls over one kept-alive connection share it.
    peer: Any = None

    @property
    def ok(self) -> bool:
        return bool(self.answer.get("ok"))


@dataclass
class Refusal:
    """How the next `times` calls of a method are answered instead of normally."""

    times: int
    status: int = 200
    error: str = "ratelimited"
    retry_after: int | None = None


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        # Slack user id -> email (users.info answers with profile.email; unknown ids get user_not_found).
        self.emails: dict[str, str] = {}
        self.refusals: dict[str, Refusal] = {}
        self.delays: dict[str, tuple[float, int]] = {}
        self.socket_acks: list[dict[str, Any]] = []
        # Messages the bot posted, by ts, as they stand after any chat.update.
        self.messages: dict[str, dict[str, Any]] = {}
        self.sockets: list[web.WebSocketResponse] = []
        self._timestamps = itertools.count(1)
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/socket", self._socket)
        self.server = TestServer(app, host="127.0.0.1")

    async def start(self) -> None:
        await self.server.start_server()

    async def close(self) -> None:
        for socket in self.sockets:
            await socket.close()
        await self.server.close()

    @property
    def api_url(self) -> str:
        return str(self.server.make_url("/api/"))

    # What tests set up and look at.

    def add_user(self, user_id: str, email: str) -> None:
        self.emails[user_id] = email

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        self.refusals[method] = Refusal(times, status=429, retry_after=retry_after)

    def fail(self, method: str, error: str, times: int = 1, status: int = 200) -> None:
        self.refusals[method] = Refusal(times, status=status, error=error)

    def slow(self, method: str, seconds: float, times: int = 1) -> None:
        """Answer this method late (after doing what it asks), as when Slack posts but the client times out."""
        self.delays[method] = (seconds, times)

    async def until(self, condition: Callable[[], object], patience: float = 5.0) -> None:
        """Waits until `condition()` holds after some call, ack or connection (at most `patience` seconds)."""
        async with asyncio.timeout(patience), self._changed:
            await self._changed.wait_for(condition)

    async def _note_change(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def calls_of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def posted(self) -> list[dict[str, Any]]:
        """The parameters of every chat.postMessage that succeeded, in order."""
        return [call.params | {"ts": call.answer["ts"]} for call in self.calls_of("chat.postMessage") if call.ok]

    # The Web API.

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(await request.post())  # type: ignore[arg-type]
        for name in ("blocks", "view"):
            if isinstance(params.get(name), str):
                params[name] = json.loads(params[name])
        authorization = request.headers.get("Authorization", "")
        call = Call(method, params, token=authorization.removeprefix("Bearer ") or params.get("token"))
        call.peer = request.transport.get_extra_info("peername") if request.transport is not None else None
        self.calls.append(call)
        refusal = self.refusals.get(method)
        headers = {}
        if refusal is not None and refusal.times > 0:
            refusal.times -= 1
            call.status, call.answer = refusal.status, {"ok": False, "error": refusal.error}
            if refusal.retry_after is not None:
                headers["Retry-After"] = str(refusal.retry_after)
        else:
            call.answer = self._answer(method, params)
        await self._note_change()
        delay, times = self.delays.get(method, (0.0, 0))
        if times > 0:
            self.delays[method] = (delay, times - 1)
            await asyncio.sleep(delay)
        return web.json_response(call.answer, status=call.status, headers=headers)

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "team_id": TEAM_ID, "team": "Learners", "user_id": BOT_USER_ID, "bot_id": BOT_ID,
                    "user": "learnbot", "url": "https://learners.slack.com/"}  # fmt: skip
        if method == "users.info":
            user_id = str(params.get("user", ""))
            if user_id not in self.emails:
                return {"ok": False, "error": "user_not_found"}
            email = self.emails[user_id]
            name = email.split("@")[0]
            profile = {"email": email, "display_name": name, "real_name": name.title()}
            return {"ok": True, "user": {"id": user_id, "team_id": TEAM_ID, "name": name, "profile": profile}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "")).lstrip("U")}}
        if method == "chat.postMessage":
            ts = f"{1_700_000_000 + next(self._timestamps)}.000100"
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts,
                       "text": params.get("text"), "blocks": params.get("blocks", [])}  # fmt: skip
            self.messages[ts] = message | {"channel": params.get("channel")}
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method == "chat.update":
            posted = self.messages.get(str(params.get("ts")))
            if posted is None or posted["channel"] != params.get("channel"):
                return {"ok": False, "error": "message_not_found"}
            posted.update(text=params.get("text"), blocks=params.get("blocks", []))
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"), "text": params.get("text")}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V" + uuid.uuid4().hex[:10].upper(), **params.get("view", {})}}
        if method == "apps.connections.open":
            return {"ok": True, "url": str(self.server.make_url("/socket")).replace("http", "ws", 1)}
        return {"ok": False, "error": "unknown_method"}

    def message_with_ts(self, ts: str) -> dict[str, Any]:
        """A message the bot posted (updated since, perhaps), as Slack sends it inside an interaction payload."""
        message = dict(self.messages[ts])
        del message["channel"]
        return message

    # Socket Mode.

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}})
        await self._note_change()
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
                await self._note_change()
        return socket

    async def push(self, kind: str, payload: dict[str, Any], retry_attempt: int = 0) -> str:
        """Sends an envelope (events_api, slash_commands, interactive) to every connected app; its envelope id."""
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
            "accepts_response_payload": kind != "events_api",
        }
        for socket in self.sockets:
            if not socket.closed:
                await socket.send_json(envelope)
        return envelope_id


# Requests from Slack, signed as Slack signs them.


class SlackSigner:
    """Signs request bodies: X-Slack-Signature = v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""

    def __init__(self, signing_secret: str) -> None:
        self.signing_secret = signing_secret

    def signature(self, timestamp: str, body: str) -> str:
        base = f"v0:{timestamp}:{body}".encode()
        return "v0=" + hmac.new(self.signing_secret.encode(), base, hashlib.sha256).hexdigest()

    def headers(
        self, body: str, content_type: str, *, timestamp: int | None = None, retry_num: int | None = None
    ) -> dict[str, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": self.signature(stamp, body),
        }
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        return headers


@dataclass(frozen=True)
class SignedRequest:
    body: str
    headers: dict[str, str]


def event_callback(event: dict[str, Any], *, event_id: str | None = None, team_id: str = TEAM_ID) -> dict[str, Any]:
    return {
        "token": "unused",
        "team_id": team_id,
        "api_app_id": "A0LEARN",
        "event": {"event_ts": f"{time.time():.6f}", **event},
        "type": "event_callback",
        "event_id": event_id or "Ev" + uuid.uuid4().hex[:10].upper(),
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True}],
    }


def dm_message(user_id: str, text: str) -> dict[str, Any]:
    """A message.im event: the person wrote to the bot in their DM."""
    channel = "D" + user_id.lstrip("U")
    return {"type": "message", "channel": channel, "channel_type": "im", "user": user_id, "text": text,
            "ts": f"{time.time():.6f}"}  # fmt: skip


def slash_command(user_id: str, text: str, *, channel_id: str | None = None, team_id: str = TEAM_ID) -> dict[str, str]:
    return {
        "token": "unused",
        "team_id": team_id,
        "team_domain": "learners",
        "channel_id": channel_id or "D" + user_id.lstrip("U"),
        "channel_name": "directmessage",
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": "/learn",
        "text": text,
        "api_app_id": "A0LEARN",
        "response_url": "https://hooks.slack.com/commands/T0LEARN/1/abc",
        "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:20]}",
    }


def button_press(
    user_id: str, message: dict[str, Any], block_id: str, action_id: str, *, team_id: str = TEAM_ID
) -> dict[str, Any]:
    """A block_actions payload for a button the bot posted in `message` (as FakeSlack.message_with_ts gives it)."""
    block = next(b for b in message["blocks"] if b.get("block_id") == block_id)
    element = next(e for e in block["elements"] if e["action_id"] == action_id)
    channel = "D" + user_id.lstrip("U")
    return {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_id.lower(), "team_id": team_id},
        "api_app_id": "A0LEARN",
        "token": "unused",
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel, "is_ephemeral": False},
        "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:20]}",
        "team": {"id": team_id, "domain": "learners"},
        "channel": {"id": channel, "name": "directmessage"},
        "message": message,
        "response_url": "https://hooks.slack.com/actions/T0LEARN/1/abc",
        "actions": [{**element, "block_id": block_id, "action_ts": f"{time.time():.6f}"}],
    }


def signed_json(signer: SlackSigner, payload: dict[str, Any], **options: Any) -> SignedRequest:
    body = json.dumps(payload)
    return SignedRequest(body, signer.headers(body, "application/json", **options))


def signed_form(signer: SlackSigner, fields: dict[str, str], **options: Any) -> SignedRequest:
    body = urllib.parse.urlencode(fields)
    return SignedRequest(body, signer.headers(body, "application/x-www-form-urlencoded", **options))


def signed_interaction(signer: SlackSigner, payload: dict[str, Any], **options: Any) -> SignedRequest:
    """Interactivity arrives form-encoded with one field, payload, holding the JSON."""
    return signed_form(signer, {"payload": json.dumps(payload)}, **options)
