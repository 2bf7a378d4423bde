"""Property: whatever a signed request to POST /slack/events holds (an event, the /learn form, an interaction's
payload, any JSON), the answer is never a 5xx, and a request refused with a 4xx stores nothing, asks nothing of
Slack and reaches no one.

`pytest -s` prints how many shapes were tried and how the endpoint answered them."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.slack.harness import MemoryInbox, RecordingChat, SlackHarness
from tests.support.fake_slack import (
    SignedRequest,
    SlackSigner,
    dm_message,
    event_callback,
    signed_form,
    signed_interaction,
    slash_command,
)
from tests.support.generated_payloads import ANY_JSON, TALLY, mutated

WORDS = st.sampled_from(["courses", "help", "my", "enroll SEC-101", "", "<@U0BOT> help"]) | st.text(max_size=40)


def press(value: str) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": "U1", "team_id": "T0LEARN"},
        "team": {"id": "T0LEARN"},
        "trigger_id": "1.2",
        "container": {"type": "message", "message_ts": "1.1", "channel_id": "D1"},
        "channel": {"id": "D1"},
        "message": {"ts": "1.1", "blocks": []},
        "actions": [{"action_id": "b0", "block_id": "x", "value": value, "type": "button", "text": {"text": "Go"}}],
    }


EVENTS = st.one_of(
    st.builds(lambda words: event_callback(dm_message("U1", words)), WORDS),
    st.builds(
        lambda words: event_callback({"type": "app_mention", "user": "U1", "channel": "C1", "text": words}), WORDS
    ),
    st.builds(lambda: event_callback({"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "D1"})),
    st.builds(lambda: event_callback({"type": "reaction_added", "user": "U1", "item": {"channel": "C1"}})),
    st.builds(lambda: {"type": "url_verification", "challenge": "c", "token": "t"}),
)
INTERACTIONS = st.builds(press, st.text(max_size=60))
COMMANDS = st.builds(lambda words: slash_command("U1", words), WORDS)


def signed_json_body(signer: SlackSigner, body: Any) -> SignedRequest:
    raw = json.dumps(body)
    return SignedRequest(raw, signer.headers(raw, "application/json"))


@st.composite
def requests(draw: st.DrawFn) -> tuple[bool, str, Any]:
    """(genuine, kind, body): events as JSON, interactions as a form's payload, the command as a form."""
    kind = draw(st.sampled_from(["event", "interaction", "command", "any json"]))
    if kind == "any json":
        return False, kind, draw(ANY_JSON)
    genuine = draw(st.booleans())
    if kind == "command":
        fields = draw(COMMANDS)
        if not genuine:
            # A form holds text only: fields changed to any text or left out.
            for key in draw(st.lists(st.sampled_from(sorted(fields)), max_size=3, unique=True)):
                if draw(st.booleans()):
                    del fields[key]
                else:
                    fields[key] = draw(st.text(max_size=20))
        return genuine, kind, fields
    source = EVENTS if kind == "event" else INTERACTIONS
    return genuine, kind, draw(source if genuine else mutated(source))


@pytest.fixture(scope="module", autouse=True)
def tally() -> Iterator[None]:
    yield
    shapes = sum(count for key, count in TALLY.items() if key.startswith("slack shape"))
    answers = {key: count for key, count in TALLY.items() if key.startswith("slack HTTP")}
    print(f"\nSlack endpoint: {shapes} generated signed requests posted; answers {answers}")


def state(slack: SlackHarness, chat: RecordingChat, inbox: MemoryInbox) -> tuple[int, int, int]:
    return len(inbox.accepted), len(chat.received), len(slack.fake.calls)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests())
async def test_no_signed_request_of_any_shape_gets_a_5xx_and_a_refused_one_changes_nothing(
    slack: SlackHarness, chat: RecordingChat, inbox: MemoryInbox, request: tuple[bool, str, Any]
) -> None:
    genuine, kind, body = request
    before = state(slack, chat, inbox)
    if kind == "command":
        signed = signed_form(slack.signer, body)
    elif kind == "interaction" and isinstance(body, dict):
        signed = signed_interaction(slack.signer, body)
    else:
        signed = signed_json_body(slack.signer, body)
    response = await slack.post(signed)
    await slack.settle()
    TALLY["slack shape"] += 1
    TALLY[f"slack HTTP {response.status}"] += 1
    assert response.status < 500, (body, await response.text())
    if genuine:
        assert response.status == 200, (body, await response.text())
    if 400 <= response.status < 500:
        assert state(slack, chat, inbox) == before, body
