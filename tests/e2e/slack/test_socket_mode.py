"""With SLACK_APP_TOKEN set, updates come over Socket Mode and take the same path: stored, acked, answered."""

from adapters.slack.send import unencoded
from adapters.slack.setup import SLACK
from tests.e2e.slack.harness import APP_TOKEN, BOT_TOKEN, MemoryInbox, RecordingChat, serving
from tests.support.fake_slack import FakeSlack, dm_message, event_callback, slash_command


async def test_socket_mode_connects_with_the_app_token_and_serves_no_http_route(
    fake_slack: FakeSlack, chat: RecordingChat, inbox: MemoryInbox
) -> None:
    async with serving(fake_slack, chat, inbox, encoder_for=unencoded, socket_mode=True) as slack:
        await fake_slack.until(lambda: fake_slack.sockets)
        response = await slack.client.post("/slack/events", data=b"{}")

    [connect] = fake_slack.calls_of("apps.connections.open")
    assert connect.token == APP_TOKEN
    assert response.status in (404, 405)


async def test_a_dm_over_socket_mode_is_stored_acked_and_answered(
    fake_slack: FakeSlack, chat: RecordingChat, inbox: MemoryInbox
) -> None:
    fake_slack.add_user("U1", "ada@example.com")
    async with serving(fake_slack, chat, inbox, encoder_for=unencoded, socket_mode=True) as slack:
        await fake_slack.until(lambda: fake_slack.sockets)
        update = event_callback(dm_message("U1", "courses"), event_id="EvSocket1")

        envelope = await fake_slack.push("events_api", update)
        retry = await fake_slack.push("events_api", update, retry_attempt=1)
        await fake_slack.until(lambda: len(fake_slack.socket_acks) == 2)
        await slack.app[SLACK].after_ack.drain()

        [incoming] = chat.received
        assert (incoming.text, incoming.update_key, incoming.email) == ("courses", "EvSocket1", "ada@example.com")
        assert {ack["envelope_id"] for ack in fake_slack.socket_acks} == {envelope, retry}
        assert [posted["channel"] for posted in fake_slack.posted()] == ["D1"]
        assert {call.token for call in fake_slack.calls_of("chat.postMessage")} == {BOT_TOKEN}


async def test_the_learn_command_over_socket_mode_is_answered(
    fake_slack: FakeSlack, chat: RecordingChat, inbox: MemoryInbox
) -> None:
    async with serving(fake_slack, chat, inbox, encoder_for=unencoded, socket_mode=True) as slack:
        await fake_slack.until(lambda: fake_slack.sockets)

        envelope = await fake_slack.push("slash_commands", dict(slash_command("U1", "enroll SEC-101")))
        await fake_slack.until(lambda: fake_slack.socket_acks)
        await slack.app[SLACK].after_ack.drain()

        assert fake_slack.socket_acks[0]["envelope_id"] == envelope
        assert [incoming.text for incoming in chat.received] == ["enroll SEC-101"]
        assert len(fake_slack.posted()) == 1
