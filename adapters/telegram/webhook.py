"""POST /telegram/webhook: the secret header checked, the body bounded, the update processed in the request."""

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from adapters.telegram.processing import MalformedUpdate
from domain.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Updates are a few KiB; a message of 4096 characters with entities stays far below this.
MAX_BODY_BYTES = 256 * 1024

# Processes an update; may return a Bot API request to answer the webhook with.
ProcessUpdate = Callable[[dict[str, Any]], Awaitable[dict[str, Any] | None]]
WebHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def webhook_handler(secret: str | None, process: Callable[[], ProcessUpdate]) -> WebHandler:
    """The aiohttp handler; `process` gives the running processor (it exists only once the bot has started)."""
    expected = secret.encode() if secret else None

    async def telegram_webhook(request: web.Request) -> web.StreamResponse:
        """Take one update from Telegram."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        # Without a configured secret nobody is let in: anyone could post updates in any person's name.
        if expected is None or not hmac.compare_digest(given, expected):
            raise web.HTTPForbidden(text="wrong secret token")
        data = await _json_body(request)
        # Processed before answering: if it fails, the error status makes Telegram deliver it again.
        try:
            request_in_answer = await process()(data)
        except MalformedUpdate as error:
            raise web.HTTPBadRequest(text=f"not a Telegram update: {error}") from None
        except DatabaseUnavailable:
            log.warning(
                "telegram update %s: the database is unreachable; Telegram will deliver it again", data["update_id"]
            )
            raise web.HTTPServiceUnavailable(text="database unavailable, try again") from None
        return web.json_response(request_in_answer) if request_in_answer else web.Response(text="ok")

    return telegram_webhook


async def _json_body(request: web.Request) -> dict[str, Any]:
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY_BYTES, actual_size=request.content_length)
    body = bytearray()
    async for chunk in request.content.iter_chunked(64 * 1024):
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY_BYTES, actual_size=len(body))
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise web.HTTPBadRequest(text="the body is not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise web.HTTPBadRequest(text="the body is not a Telegram update")
    return data
