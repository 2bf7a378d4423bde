"""Signed requests Slack would never send: each is refused with 400 before bolt reads it, never a 5xx, and nothing
is stored, asked of Slack or handed to the conversation layer."""

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.slack.harness import MemoryInbox, RecordingChat, SlackHarness
from tests.support.fake_slack import (
    SignedRequest,
    SlackSigner,
    dm_message,
    event_callback,
    signed_form,
    signed_interaction,
    signed_json,
    slash_command,
)

Make = Callable[[SlackSigner], SignedRequest]


def event_of(event: Any) -> Make:
    return lambda signer: signed_json(signer, event_callback({}) | {"event": event})


def dm_with(**fields: Any) -> Make:
    return lambda signer: signed_json(signer, event_callback(dm_message("U1", "help") | fields))


def press(**fields: Any) -> Make:
    payload = {
        "type": "block_actions",
        "user": {"id": "U1", "team_id": "T0LEARN"},
        "team": {"id": "T0LEARN"},
        "trigger_id": "1.2",
        "actions": [{"action_id": "b0", "block_id": "x", "value": "help", "type": "button"}],
    }
    return lambda signer: signed_interaction(signer, payload | fields)


def raw_json(body: str) -> Make:
    return lambda signer: SignedRequest(body, signer.headers(body, "application/json"))


HOSTILE: dict[str, Make] = {
    "event []": event_of([]),
    "event null": event_of(None),
    "event null in a body of no type": lambda signer: signed_json(
        signer, {k: v for k, v in event_callback({}).items() if k != "type"} | {"event": None}
    ),
    "event null in a body of another type": lambda signer: signed_json(
        signer, event_callback({}) | {"type": "url_verification_x", "event": None}
    ),
    "event a string": event_of("message"),
    "event a number": event_of(5),
    "event without a type": event_of({"user": "U1", "text": "help"}),
    "a DM whose user is a number": dm_with(user=5),
    "a DM whose user is an object without an id": dm_with(user={"name": "x"}),
    "a DM whose text is a number": dm_with(text=5),
    "a DM whose text is a list": dm_with(text=["help"]),
    "a DM whose channel is a list": dm_with(channel=["D1"]),
    "an event id that is a number": lambda signer: signed_json(
        signer, event_callback(dm_message("U1", "x")) | {"event_id": 7}
    ),
    "team an array": lambda signer: signed_json(signer, event_callback(dm_message("U1", "x")) | {"team": [1]}),
    "authorizations of numbers": lambda signer: signed_json(
        signer, event_callback(dm_message("U1", "x")) | {"authorizations": [1]}
    ),
    "block_actions with user null": press(user=None),
    "block_actions with user a string": press(user="U1"),
    "block_actions with a user without an id": press(user={"team_id": "T0LEARN"}),
    "block_actions with actions []": press(actions=[]),
    "block_actions with actions null": press(actions=None),
    "block_actions with an action without action_id": press(actions=[{"value": "help"}]),
    "block_actions with an action value that is a number": press(actions=[{"action_id": "b0", "value": 3}]),
    "block_actions with a message without ts": press(message={"blocks": []}),
    "block_actions with channel a number": press(channel=4),
    "a raw body []": raw_json("[]"),
    "a raw body null": raw_json("null"),
    "a raw body 5": raw_json("5"),
    "a raw body that is a string": raw_json('"event"'),
    "JSON nested 10,000 deep": raw_json("[" * 10_000 + "]" * 10_000),
    "an event nested 10,000 deep": raw_json('{"type": "event_callback", "event": ' + "[" * 10_000 + "]" * 10_000 + "}"),
    "an interaction payload nested 10,000 deep": lambda signer: signed_form(
        signer, {"payload": "[" * 10_000 + "]" * 10_000}
    ),
    "an interaction payload that is not JSON": lambda signer: signed_form(signer, {"payload": "{nope"}),
    "a slash command without user_id": lambda signer: signed_form(
        signer, {key: value for key, value in slash_command("U1", "my").items() if key != "user_id"}
    ),
}


@pytest.mark.parametrize("make", list(HOSTILE.values()), ids=list(HOSTILE))
async def test_a_signed_request_of_a_shape_slack_never_sends_is_refused_with_400(
    slack: SlackHarness, chat: RecordingChat, inbox: MemoryInbox, make: Make
) -> None:
    response = await slack.post(make(slack.signer))
    await slack.settle()

    assert response.status == 400, await response.text()
    assert inbox.accepted == []
    assert chat.received == []
    assert slack.fake.calls == []


async def test_an_unsigned_hostile_body_is_refused_with_401_before_its_shape_is_looked_at(
    slack: SlackHarness, inbox: MemoryInbox
) -> None:
    response = await slack.post(HOSTILE["event []"](SlackSigner("not-the-secret")))
    assert response.status == 401
    assert inbox.accepted == []


async def test_after_hostile_requests_a_genuine_one_is_still_answered(slack: SlackHarness, chat: RecordingChat) -> None:
    for make in HOSTILE.values():
        await slack.post(make(slack.signer))
    await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", "courses"))))
    await slack.settle()
    assert [incoming.text for incoming in chat.received] == ["courses"]
    assert json.loads(json.dumps(slack.fake.posted()[0]["blocks"][0]["text"]["text"])) == "You said: courses"
