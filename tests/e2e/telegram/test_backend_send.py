"""TelegramBackend.send: replies reach a person who did not write, in one attempt, and a failure says what to do."""

import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from adapters.chat.backend import (
    ChatAddress,
    RateLimited,
    SendFailed,
    SendUncertain,
    TemporaryFailure,
    Unreachable,
)
from adapters.telegram.aiohttp_request import AiohttpRequest
from adapters.telegram.backend import TelegramBackend
from adapters.telegram.calls import OneAttempt
from adapters.telegram.keyboards import Encode
from adapters.telegram.render import TextMessage
from adapters.telegram.sending import TelegramPoster
from domain.models.enums import ChatPlatform
from domain.replies import Button, Quiz, Reply
from tests.e2e.telegram.harness import MemoryPolls, RecordingChat, serving_backend, telegram_config
from tests.support.fake_telegram import TOKEN, FakeTelegram

TESS = ChatAddress(ChatPlatform.TELEGRAM, "", "501", "501")
POLL = Quiz(question="2 + 2?", options=["3", "4"], answer_action="answer q1 ", correct_option=1)
POLL = POLL.model_copy(update={"native_poll": True})


def marked_for(platform_user_id: str) -> Encode:
    return lambda action: f"{platform_user_id}:{action}"


@pytest.fixture
async def backend(fake_telegram: FakeTelegram, polls: MemoryPolls) -> AsyncIterator[TelegramBackend]:
    running = TelegramBackend(telegram_config(fake_telegram), RecordingChat(), polls, marked_for)
    async with serving_backend(running, fake_telegram):
        yield running


async def test_send_posts_every_reply_to_the_persons_chat_and_returns_the_message_ids(
    backend: TelegramBackend, fake_telegram: FakeTelegram
) -> None:
    first = Reply(text="New announcement", buttons=[Button(label="Read", action="read")])
    sent = await backend.send(TESS, [first, Reply(text="Second")])

    assert fake_telegram.texts_to(501) == ["New announcement", "Second"]
    assert sent.message_ids == [str(message["message_id"]) for message in fake_telegram.sent(501)]
    assert len(sent.message_ids) == 2


async def test_send_without_a_known_chat_writes_to_the_users_private_chat(
    backend: TelegramBackend, fake_telegram: FakeTelegram
) -> None:
    await backend.send(ChatAddress(ChatPlatform.TELEGRAM, "", "777"), [Reply(text="Hello")])

    assert fake_telegram.texts_to(777) == ["Hello"]


async def test_send_signs_buttons_for_the_person_it_reaches(
    backend: TelegramBackend, fake_telegram: FakeTelegram
) -> None:
    await backend.send(TESS, [Reply(text="Reminder", buttons=[Button(label="Continue", action="continue")])])

    (message,) = fake_telegram.sent(501)
    assert message["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "501:continue"


async def test_a_quiz_poll_sent_is_remembered_so_its_answer_is_understood(
    backend: TelegramBackend, fake_telegram: FakeTelegram, polls: MemoryPolls
) -> None:
    sent = await backend.send(TESS, [Reply(text="", quiz=POLL)])

    (poll,) = polls.sent
    assert (poll.platform_user_id, poll.chat_id, poll.answer_action) == ("501", "501", "answer q1 ")
    assert sent.message_ids == [str(poll.message_id)]


async def test_a_429_is_raised_with_retry_after_at_once_and_nothing_is_sent_again(
    backend: TelegramBackend, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.rate_limit("sendMessage", retry_after=30)
    started = time.monotonic()

    with pytest.raises(RateLimited) as raised:
        await backend.send(TESS, [Reply(text="Hello")])

    assert raised.value.retry_after == 30
    assert time.monotonic() - started < 5
    assert len(fake_telegram.calls_to("sendMessage")) == 1


async def test_a_failure_midway_says_which_messages_were_already_taken(
    backend: TelegramBackend, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.rate_limit("sendPoll", retry_after=3)

    first = Reply(text="First", buttons=[Button(label="Read", action="read")])
    with pytest.raises(RateLimited) as raised:
        await backend.send(TESS, [first, Reply(text="", quiz=POLL)])

    assert raised.value.sent.message_ids == [str(fake_telegram.sent(501)[0]["message_id"])]


async def test_a_person_who_blocked_the_bot_is_unreachable(
    backend: TelegramBackend, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.block(501)

    with pytest.raises(Unreachable, match="blocked"):
        await backend.send(TESS, [Reply(text="Hello")])


async def test_a_chat_that_does_not_exist_is_unreachable(backend: TelegramBackend, fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail("sendMessage", "Bad Request: chat not found")

    with pytest.raises(Unreachable, match=r"(?i)chat not found"):
        await backend.send(TESS, [Reply(text="Hello")])
    assert len(fake_telegram.calls_to("sendMessage")) == 1


async def test_a_server_error_is_a_temporary_failure(backend: TelegramBackend, fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail("sendMessage", "Internal Server Error", status=500)

    with pytest.raises(TemporaryFailure):
        await backend.send(TESS, [Reply(text="Hello")])
    assert len(fake_telegram.calls_to("sendMessage")) == 1


async def test_a_message_telegram_refuses_outright_fails_without_marking_the_person_unreachable(
    backend: TelegramBackend, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.fail("sendMessage", "Bad Request: can't parse entities", times=2)

    with pytest.raises(SendFailed) as raised:
        await backend.send(TESS, [Reply(text="Hello")])

    assert type(raised.value) is SendFailed


async def test_a_request_that_timed_out_is_uncertain_and_not_sent_again(fake_telegram: FakeTelegram) -> None:
    fake_telegram.slow("sendMessage", seconds=1.0)
    async with Bot(TOKEN, base_url=fake_telegram.api_url, request=HTTPXRequest(read_timeout=0.3)) as impatient:
        poster = TelegramPoster(impatient, MemoryPolls(), OneAttempt())
        with pytest.raises(SendUncertain):
            await poster.post(501, "501", TextMessage("Hello"))
    assert len(fake_telegram.calls_to("sendMessage")) == 1


async def test_a_bot_api_that_refuses_the_connection_is_a_temporary_failure() -> None:
    request = AiohttpRequest()
    await request.initialize()
    try:
        unreachable = Bot(TOKEN, base_url="http://127.0.0.1:9/bot", request=request)
        with pytest.raises(TemporaryFailure):
            await TelegramPoster(unreachable, MemoryPolls(), OneAttempt()).post(501, "501", TextMessage("Hello"))
    finally:
        await request.shutdown()


async def test_a_backend_that_is_not_running_fails_temporarily(fake_telegram: FakeTelegram) -> None:
    stopped = TelegramBackend(telegram_config(fake_telegram), RecordingChat(), MemoryPolls(), marked_for)

    with pytest.raises(TemporaryFailure):
        await stopped.send(TESS, [Reply(text="Hello")])
