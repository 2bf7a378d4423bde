"""Telegram saying no: flood limits (429), blocked users (403), refused markup, and sends that time out."""

import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from adapters.telegram.render import TextMessage
from adapters.telegram.sending import TelegramPoster
from domain.replies import Button, Reply
from tests.e2e.telegram.harness import MemoryPolls, RecordingChat, TelegramHarness
from tests.support.fake_telegram import TOKEN, FakeTelegram, Person, message_update

TESS = Person(501)
OTTO = Person(502)


async def test_a_429_is_waited_out_and_the_message_sent_once(telegram: TelegramHarness) -> None:
    telegram.fake.rate_limit("sendMessage", retry_after=1)
    started = time.monotonic()
    await telegram.deliver(message_update(TESS, "hello"))
    assert time.monotonic() - started >= 1.0
    assert len(telegram.fake.calls_to("sendMessage")) == 2
    assert telegram.fake.texts_to(TESS.id) == ["You said: hello", "You said: hello"]
    assert [message["text"] for message in telegram.fake.sent(TESS.id)] == ["You said: hello"]


async def test_a_flood_wait_too_long_to_hold_the_webhook_is_given_up_without_failing_the_update(
    telegram: TelegramHarness,
) -> None:
    telegram.fake.rate_limit("sendMessage", retry_after=600)
    await telegram.deliver(message_update(TESS, "hello"))
    assert len(telegram.fake.calls_to("sendMessage")) == 1
    assert telegram.fake.sent(TESS.id) == []


async def test_retries_after_429_are_bounded(telegram: TelegramHarness) -> None:
    telegram.fake.rate_limit("sendMessage", retry_after=1, times=10)
    await telegram.deliver(message_update(TESS, "hello"))
    assert len(telegram.fake.calls_to("sendMessage")) == 3
    assert telegram.fake.sent(TESS.id) == []


async def test_a_user_who_blocked_the_bot_does_not_crash_it(telegram: TelegramHarness, chat: RecordingChat) -> None:
    telegram.fake.block(TESS.id)
    chat.answers["many"] = [Reply(text="one", buttons=[Button(label="Next", action="next")]), Reply(text="two")]
    await telegram.deliver(message_update(TESS, "many"))
    # The rest of the reply is not attempted once the first message is refused.
    assert len(telegram.fake.calls_to("sendMessage", TESS.id)) == 1
    await telegram.deliver(message_update(OTTO, "hello"))
    assert telegram.fake.texts_to(OTTO.id) == ["You said: hello"]


async def test_markup_telegram_refuses_is_resent_as_plain_text(telegram: TelegramHarness, chat: RecordingChat) -> None:
    telegram.fake.fail("sendMessage", "Bad Request: can't parse entities: unsupported start tag")
    chat.answers["hi"] = [Reply(text="*Hello* & welcome")]
    await telegram.deliver(message_update(TESS, "hi"))
    first, second = telegram.fake.calls_to("sendMessage")
    assert first.params["parse_mode"] == "HTML"
    assert "parse_mode" not in second.params
    assert second.params["text"] == "Hello & welcome"


@pytest.fixture
async def impatient_bot(fake_telegram: FakeTelegram) -> AsyncIterator[Bot]:
    bot = Bot(TOKEN, base_url=fake_telegram.api_url, request=HTTPXRequest(read_timeout=0.3))
    async with bot:
        yield bot


async def test_a_send_that_times_out_is_not_sent_again(impatient_bot: Bot, fake_telegram: FakeTelegram) -> None:
    fake_telegram.slow("sendMessage", seconds=1.0)
    poster = TelegramPoster(impatient_bot, MemoryPolls())
    await poster.send_all(TESS.id, "501", [TextMessage("first"), TextMessage("second")])
    # Telegram got "first" (it only answered late); sending it again would show it twice.
    assert fake_telegram.texts_to(TESS.id) == ["first", "second"]
