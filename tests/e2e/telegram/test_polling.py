"""Without TELEGRAM_WEBHOOK_URL the bot long-polls getUpdates and takes the same path as the webhook."""

import asyncio

from tests.e2e.telegram.harness import MemoryPolls, RecordingChat, serving
from tests.support.fake_telegram import FakeTelegram, Person, callback_update, message_update

TESS = Person(501)


async def test_polled_updates_are_handled_like_webhook_ones(fake_telegram: FakeTelegram) -> None:
    chat = RecordingChat()
    async with serving(fake_telegram, chat, MemoryPolls(), webhook=False):
        assert fake_telegram.calls_to("setWebhook") == []
        assert fake_telegram.calls_to("deleteWebhook")
        fake_telegram.queue_update(message_update(TESS, "/courses"))
        await fake_telegram.wait_for("sendMessage")
        message = fake_telegram.sent(TESS.id)[-1]
        fake_telegram.queue_update(callback_update(TESS, message, "next"))
        (answer,) = await fake_telegram.wait_for("answerCallbackQuery")
        assert not answer.in_webhook_answer
        await fake_telegram.wait_for("sendMessage", count=2)
    assert [(incoming.text, incoming.action) for incoming in chat.received] == [("/courses", None), (None, "next")]
    assert fake_telegram.texts_to(TESS.id) == ["You said: /courses", "You said: next"]


async def test_polling_stops_cleanly_with_the_app(fake_telegram: FakeTelegram) -> None:
    async with serving(fake_telegram, RecordingChat(), MemoryPolls(), webhook=False):
        await fake_telegram.wait_for("getUpdates")
    calls = len(fake_telegram.calls_to("getUpdates"))
    await asyncio.sleep(1.2)
    assert len(fake_telegram.calls_to("getUpdates")) == calls
