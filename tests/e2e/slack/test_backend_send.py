"""SlackBackend.send: replies reach a person who did not write, in one attempt, and a failure says what to do."""

import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from adapters.chat.backend import ChatAddress, RateLimited, SendUncertain, TemporaryFailure, Unreachable
from adapters.slack.backend import SlackBackend
from adapters.slack.blocks import Encode
from adapters.slack.sending_only import sending_only
from adapters.slack.setup import setup_slack
from domain.models.enums import ChatPlatform
from domain.replies import Button, Reply
from tests.e2e.slack.harness import MemoryInbox, RecordingChat, serving_backend, slack_config
from tests.support.fake_slack import TEAM_ID, FakeSlack

TOM_IN_DM = ChatAddress(ChatPlatform.SLACK, TEAM_ID, "U0TOM", "D0TOM")
TOM = ChatAddress(ChatPlatform.SLACK, TEAM_ID, "U0TOM")


def marked_for(user_id: str) -> Encode:
    return lambda action: f"{user_id}:{action}"


def slack_backend(fake: FakeSlack, send_timeout: float = 30.0) -> SlackBackend:
    chat = RecordingChat()
    return SlackBackend(slack_config(fake), chat, MemoryInbox(chat), marked_for, send_timeout=send_timeout)


@pytest.fixture
async def backend(fake_slack: FakeSlack) -> AsyncIterator[SlackBackend]:
    running = slack_backend(fake_slack)
    async with serving_backend(running, fake_slack):
        yield running


async def test_send_posts_every_reply_to_the_dm_and_returns_the_message_timestamps(
    backend: SlackBackend, fake_slack: FakeSlack
) -> None:
    sent = await backend.send(TOM_IN_DM, [Reply(text="New announcement"), Reply(text="Second")])

    posted = fake_slack.posted()
    assert [message["channel"] for message in posted] == ["D0TOM"] * len(posted)
    assert "New announcement" in posted[0]["text"]
    assert sent.message_ids == [message["ts"] for message in posted]
    assert sent.message_ids


async def test_send_opens_the_dm_when_the_channel_is_not_known(backend: SlackBackend, fake_slack: FakeSlack) -> None:
    await backend.send(TOM, [Reply(text="Hello")])
    await backend.send(TOM, [Reply(text="Again")])

    assert [call.params["users"] for call in fake_slack.calls_of("conversations.open")] == ["U0TOM"]
    assert [message["channel"] for message in fake_slack.posted()] == ["D0TOM", "D0TOM"]


async def test_send_signs_buttons_for_the_person_it_reaches(backend: SlackBackend, fake_slack: FakeSlack) -> None:
    await backend.send(TOM_IN_DM, [Reply(text="Reminder", buttons=[Button(label="Continue", action="continue")])])

    (message,) = fake_slack.posted()
    values = [element["value"] for block in message["blocks"] for element in block.get("elements", [])]
    assert "U0TOM:continue" in values


async def test_ratelimited_is_raised_with_retry_after_at_once_and_nothing_is_posted_again(
    backend: SlackBackend, fake_slack: FakeSlack
) -> None:
    fake_slack.rate_limit("chat.postMessage", retry_after=30)
    started = time.monotonic()

    with pytest.raises(RateLimited) as raised:
        await backend.send(TOM_IN_DM, [Reply(text="Hello")])

    assert raised.value.retry_after == 30
    assert time.monotonic() - started < 5
    assert len(fake_slack.calls_of("chat.postMessage")) == 1


@pytest.mark.parametrize("error", ["channel_not_found", "account_inactive", "is_archived", "cannot_dm_bot"])
async def test_a_channel_or_person_that_is_gone_is_unreachable(
    backend: SlackBackend, fake_slack: FakeSlack, error: str
) -> None:
    fake_slack.fail("chat.postMessage", error)

    with pytest.raises(Unreachable, match=error):
        await backend.send(TOM_IN_DM, [Reply(text="Hello")])


async def test_a_person_slack_cannot_open_a_dm_with_is_unreachable(
    backend: SlackBackend, fake_slack: FakeSlack
) -> None:
    fake_slack.fail("conversations.open", "user_not_found")

    with pytest.raises(Unreachable, match="user_not_found"):
        await backend.send(TOM, [Reply(text="Hello")])
    assert fake_slack.calls_of("chat.postMessage") == []


async def test_a_server_error_is_a_temporary_failure(backend: SlackBackend, fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", "internal_error", status=503)

    with pytest.raises(TemporaryFailure):
        await backend.send(TOM_IN_DM, [Reply(text="Hello")])
    assert len(fake_slack.calls_of("chat.postMessage")) == 1


async def test_a_post_that_timed_out_is_uncertain_and_not_posted_again(fake_slack: FakeSlack) -> None:
    impatient = slack_backend(fake_slack, send_timeout=0.3)
    fake_slack.slow("chat.postMessage", seconds=1.0)
    async with serving_backend(impatient, fake_slack):
        with pytest.raises(SendUncertain):
            await impatient.send(TOM_IN_DM, [Reply(text="Hello")])
    assert len(fake_slack.calls_of("chat.postMessage")) == 1


async def test_a_web_api_that_refuses_the_connection_is_a_temporary_failure(fake_slack: FakeSlack) -> None:
    backend = slack_backend(fake_slack)
    app = web.Application()
    setup_slack(app, backend)
    backend.sending_client.base_url = "http://127.0.0.1:9/api/"

    with pytest.raises(TemporaryFailure):
        await backend.send(TOM_IN_DM, [Reply(text="Hello")])


async def test_a_worker_posts_its_deliveries_over_one_kept_alive_connection(fake_slack: FakeSlack) -> None:
    alone = slack_backend(fake_slack)  # as in `learnbot worker`: no web app made its client a session
    await alone.send(TOM_IN_DM, [Reply(text="Without a session")])
    await alone.send(TOM_IN_DM, [Reply(text="Without a session")])
    async with sending_only(alone):
        for n in range(3):
            await alone.send(TOM_IN_DM, [Reply(text=f"Delivery {n}")])
    assert alone.sending_client.session is None

    peers = [call.peer for call in fake_slack.calls_of("chat.postMessage")]
    assert peers[0] != peers[1], "without a session, slack_sdk connects anew for every post"
    assert len(set(peers[2:])) == 1
