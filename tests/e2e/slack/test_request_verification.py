"""POST /slack/events trusts only requests Slack signed in the last five minutes (slack-bolt's verification)."""

import time

from tests.e2e.slack.harness import MemoryInbox, RecordingChat, SlackHarness
from tests.support.fake_slack import SignedRequest, SlackSigner, dm_message, event_callback, signed_json


def a_dm(signer: SlackSigner, **options: int) -> SignedRequest:
    return signed_json(signer, event_callback(dm_message("U1", "help")), **options)


async def test_a_request_with_a_wrong_signature_is_refused_with_401(
    slack: SlackHarness, chat: RecordingChat, inbox: MemoryInbox
) -> None:
    forged = a_dm(SlackSigner("not-the-signing-secret"))

    response = await slack.post(forged)
    await slack.settle()

    assert response.status == 401
    assert inbox.accepted == []
    assert chat.received == []
    assert slack.fake.calls == []


async def test_a_body_changed_after_signing_is_refused_with_401(slack: SlackHarness, inbox: MemoryInbox) -> None:
    signed = a_dm(slack.signer)
    tampered = SignedRequest(signed.body.replace('"help"', '"drop SEC-101"'), signed.headers)

    response = await slack.post(tampered)

    assert response.status == 401
    assert inbox.accepted == []


async def test_a_request_without_a_signature_is_refused_with_401(slack: SlackHarness, inbox: MemoryInbox) -> None:
    signed = a_dm(slack.signer)
    headers = {"Content-Type": "application/json"}

    response = await slack.client.post("/slack/events", data=signed.body, headers=headers)

    assert response.status == 401
    assert inbox.accepted == []


async def test_a_request_signed_more_than_five_minutes_ago_is_refused_with_401(
    slack: SlackHarness, inbox: MemoryInbox
) -> None:
    stale = a_dm(slack.signer, timestamp=int(time.time()) - 5 * 60 - 10)

    response = await slack.post(stale)

    assert response.status == 401
    assert inbox.accepted == []


async def test_a_request_signed_a_little_under_five_minutes_ago_is_accepted(
    slack: SlackHarness, inbox: MemoryInbox
) -> None:
    recent = a_dm(slack.signer, timestamp=int(time.time()) - 5 * 60 + 20)

    response = await slack.post(recent)
    await slack.settle()

    assert response.status == 200
    assert len(inbox.accepted) == 1


async def test_a_request_dated_in_the_future_beyond_five_minutes_is_refused_with_401(
    slack: SlackHarness, inbox: MemoryInbox
) -> None:
    replayable = a_dm(slack.signer, timestamp=int(time.time()) + 5 * 60 + 10)

    response = await slack.post(replayable)

    assert response.status == 401
    assert inbox.accepted == []


async def test_a_timestamp_that_is_not_a_number_is_refused_with_401(slack: SlackHarness, inbox: MemoryInbox) -> None:
    signed = a_dm(slack.signer)
    headers = signed.headers | {"X-Slack-Request-Timestamp": "yesterday"}

    response = await slack.post(SignedRequest(signed.body, headers))

    assert response.status == 401
    assert inbox.accepted == []


async def test_the_url_verification_challenge_is_answered(slack: SlackHarness, inbox: MemoryInbox) -> None:
    challenge = {
        "token": "unused",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    }

    response = await slack.post(signed_json(slack.signer, challenge))

    assert response.status == 200
    assert (await response.json())["challenge"] == challenge["challenge"]
    assert inbox.accepted == []


async def test_an_unsigned_url_verification_is_refused_with_401(slack: SlackHarness) -> None:
    challenge = {"token": "unused", "challenge": "abc", "type": "url_verification"}

    response = await slack.post(signed_json(SlackSigner("wrong"), challenge))

    assert response.status == 401


async def test_an_unsigned_body_that_is_not_json_is_refused_with_401(slack: SlackHarness, inbox: MemoryInbox) -> None:
    garbage = SignedRequest("{not json", SlackSigner("wrong").headers("{not json", "application/json"))

    response = await slack.post(garbage)

    assert response.status == 401
    assert inbox.accepted == []


async def test_a_signed_body_that_cannot_be_read_is_refused_with_400(slack: SlackHarness, inbox: MemoryInbox) -> None:
    body = "payload=%7Bbroken"
    unreadable = SignedRequest(body, slack.signer.headers(body, "application/x-www-form-urlencoded"))

    response = await slack.post(unreadable)

    assert response.status == 400
    assert inbox.accepted == []
