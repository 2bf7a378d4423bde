"""Slack's Web API pushing back: a 429 is waited out (Retry-After), a failing call is logged, the app goes on."""

import logging
import time

import pytest

from tests.e2e.slack.harness import RecordingChat, SlackHarness
from tests.support.fake_slack import dm_message, event_callback, signed_json


async def test_a_rate_limited_post_is_sent_again_after_retry_after(slack: SlackHarness) -> None:
    slack.fake.rate_limit("chat.postMessage", times=1, retry_after=1)

    await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", "help"))))
    await slack.settle()

    refused, sent = slack.fake.calls_of("chat.postMessage")
    assert (refused.status, sent.status) == (429, 200)
    assert sent.at - refused.at >= 1
    assert sent.params["blocks"] == refused.params["blocks"]
    assert len(slack.fake.posted()) == 1


async def test_a_rate_limited_email_lookup_does_not_hold_the_ack_beyond_its_budget(
    slack: SlackHarness, chat: RecordingChat
) -> None:
    slack.fake.add_user("U1", "ada@example.com")
    slack.fake.rate_limit("users.info", times=1, retry_after=2)

    started = time.monotonic()
    response = await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", "help"))))
    acked_after = time.monotonic() - started
    await slack.settle()
    await slack.fake.until(lambda: len(slack.fake.calls_of("users.info")) == 2)  # the lookup went on, for next time
    await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", "my"))))
    await slack.settle()

    assert response.status == 200
    assert acked_after < 2
    assert [incoming.email for incoming in chat.received] == [None, "ada@example.com"]


async def test_a_post_slack_refuses_is_logged_and_the_next_update_is_answered(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.fail("chat.postMessage", error="channel_not_found")

    with caplog.at_level(logging.ERROR, logger="adapters.slack"):
        first = await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", "help"))))
        await slack.settle()
    second = await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", "my"))))
    await slack.settle()

    assert (first.status, second.status) == (200, 200)
    assert any("chat.postMessage failed" in record.getMessage() for record in caplog.records)
    assert [posted["blocks"][0]["text"]["text"] for posted in slack.fake.posted()] == ["You said: my"]


async def test_when_the_dm_cannot_be_opened_it_is_logged_and_nothing_is_posted(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.fail("conversations.open", error="user_disabled", times=2)  # before the ack, and when sending

    with caplog.at_level(logging.ERROR, logger="adapters.slack"):
        mention = {"type": "app_mention", "user": "U9", "channel": "C1", "text": "hi"}
        response = await slack.post(signed_json(slack.signer, event_callback(mention)))
        await slack.settle()

    assert response.status == 200
    assert any("conversations.open" in record.getMessage() for record in caplog.records)
    assert slack.fake.calls_of("chat.postMessage") == []


async def test_a_dm_slack_could_not_open_before_the_ack_is_opened_when_sending(
    slack: SlackHarness, chat: RecordingChat
) -> None:
    slack.fake.fail("conversations.open", error="internal_error", times=1)
    mention = {"type": "app_mention", "user": "U9", "channel": "C1", "text": "hi"}

    await slack.post(signed_json(slack.signer, event_callback(mention)))
    await slack.settle()

    assert chat.received[0].chat_id == ""
    assert [posted["channel"] for posted in slack.fake.posted()] == ["D9"]


async def test_a_failing_conversation_layer_gets_the_person_an_apology_not_silence(
    slack: SlackHarness, chat: RecordingChat, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(incoming: object) -> list[object]:
        raise RuntimeError("bug")

    chat.handle = broken  # type: ignore[method-assign,assignment]

    with caplog.at_level(logging.ERROR, logger="adapters.slack"):
        response = await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", "help"))))
        await slack.settle()

    assert response.status == 200
    [posted] = slack.fake.posted()
    assert "something went wrong" in posted["text"]
