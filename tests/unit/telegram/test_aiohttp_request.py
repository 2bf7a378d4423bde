"""PTB's Bot on our aiohttp network layer, against a small local Bot API that records what arrives."""

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest

from adapters.telegram.aiohttp_request import AiohttpRequest

TOKEN = "123:TEST"
ME = {"id": 123, "is_bot": True, "first_name": "LearnBot", "username": "learnbot"}


def message(chat_id: int, **fields: Any) -> dict[str, Any]:
    return {"message_id": 7, "date": 0, "chat": {"id": chat_id, "type": "private"}, **fields}


class LocalBotApi:
    def __init__(self) -> None:
        self.received: list[tuple[str, str, dict[str, Any]]] = []
        self.raw_bodies: list[bytes] = []
        self.delay = 0.0

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/x-www-form-urlencoded":
            self.raw_bodies.append(await request.read())  # post() reads a multipart body from the stream
        form = await request.post()
        fields: dict[str, Any] = {}
        for name, value in form.items():
            fields[name] = value.file.read() if isinstance(value, web.FileField) else value
        self.received.append((method, request.content_type, fields))
        await asyncio.sleep(self.delay)
        if method == "getMe":
            return web.json_response({"ok": True, "result": ME})
        if method == "sendMessage":
            result = message(int(fields["chat_id"]), text=fields["text"])
            return web.json_response({"ok": True, "result": result})
        if method == "sendDocument":
            document = {"file_id": "f1", "file_unique_id": "u1", "file_name": "notes.txt"}
            return web.json_response({"ok": True, "result": message(int(fields["chat_id"]), document=document)})
        return web.json_response({"ok": False, "error_code": 400, "description": "Bad Request: unknown"}, status=400)


@pytest.fixture
async def api() -> AsyncIterator[tuple[LocalBotApi, str]]:
    local = LocalBotApi()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", local.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield local, f"http://127.0.0.1:{runner.addresses[0][1]}/bot"
    finally:
        await runner.cleanup()


async def test_a_message_goes_out_form_encoded_with_its_keyboard_and_the_result_comes_back(
    api: tuple[LocalBotApi, str],
) -> None:
    local, base_url = api
    async with Bot(TOKEN, base_url=base_url, request=AiohttpRequest()) as bot:
        sent = await bot.send_message(42, "<b>Hi</b> ünïcode", parse_mode="HTML")
    assert sent.text == "<b>Hi</b> ünïcode"
    method, content_type, fields = local.received[-1]
    assert (method, content_type) == ("sendMessage", "application/x-www-form-urlencoded")
    assert fields["chat_id"] == "42"
    assert fields["parse_mode"] == "HTML"


async def test_the_form_body_is_byte_for_byte_what_ptbs_own_httpx_layer_sends(api: tuple[LocalBotApi, str]) -> None:
    local, base_url = api
    text = '<b>Lesson 1 & 2</b>: a+b=c, 100% ünïcode 🚀\n<a href="https://x.test/?q=1&r=2">link</a> ~_.-'
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Next ▶", callback_data="next:1 2")]])

    async def body_sent_by(request: BaseRequest) -> tuple[str, bytes]:
        async with Bot(TOKEN, base_url=base_url, request=request) as bot:
            await bot.send_message(42, text, parse_mode="HTML", reply_markup=keyboard)
        return local.received[-1][1], local.raw_bodies[-1]

    ours = await body_sent_by(AiohttpRequest())
    assert ours == await body_sent_by(HTTPXRequest())
    assert ours[1].startswith(b"chat_id=42&text=%3Cb%3ELesson+1+%26+2%3C%2Fb%3E%3A+a%2Bb%3Dc%2C+100%25+%C3%BCn")
    assert local.received[-1][2]["text"] == text


async def test_a_file_goes_out_as_multipart_with_its_name_and_bytes(api: tuple[LocalBotApi, str]) -> None:
    local, base_url = api
    async with Bot(TOKEN, base_url=base_url, request=AiohttpRequest()) as bot:
        await bot.send_document(42, InputFile(b"line one\n", filename="notes.txt"), caption="Notes")
    method, content_type, fields = local.received[-1]
    assert (method, content_type) == ("sendDocument", "multipart/form-data")
    assert fields["caption"] == "Notes"
    assert b"line one\n" in [value for value in fields.values() if isinstance(value, bytes)]


async def test_a_refusal_is_the_bot_api_error_ptb_raises_for_any_layer(api: tuple[LocalBotApi, str]) -> None:
    _, base_url = api
    async with Bot(TOKEN, base_url=base_url, request=AiohttpRequest()) as bot:
        with pytest.raises(BadRequest, match="Unknown"):
            await bot.send_dice(42)


async def test_a_slow_answer_is_timed_out(api: tuple[LocalBotApi, str]) -> None:
    local, base_url = api
    async with Bot(TOKEN, base_url=base_url, request=AiohttpRequest()) as bot:
        local.delay = 0.5
        with pytest.raises(TimedOut):
            await bot.send_message(42, "hello", read_timeout=0.1, write_timeout=0.1)


async def test_each_call_gets_its_own_timeout_and_none_is_no_limit(api: tuple[LocalBotApi, str]) -> None:
    local, base_url = api
    async with Bot(TOKEN, base_url=base_url, request=AiohttpRequest(read_timeout=0.05)) as bot:
        local.delay = 0.3
        with pytest.raises(TimedOut):
            await bot.send_message(42, "slow", write_timeout=0.05)
        sent = await bot.send_message(42, "slow but awaited", read_timeout=None, write_timeout=0.05)
        with pytest.raises(TimedOut):
            await bot.send_message(42, "slow again", write_timeout=0.05)
    assert sent.text == "slow but awaited"


async def test_nobody_listening_is_a_network_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()


async def test_it_refuses_to_work_before_initialize() -> None:
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:1/", "POST")
