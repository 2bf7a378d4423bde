"""Slack updates become Incoming messages, are stored, acked, then answered in the person's DM."""

import asyncio
import time

from adapters.slack.setup import SLACK
from domain.models.enums import ChatPlatform
from domain.replies import Button, Reply
from tests.e2e.slack.harness import MemoryInbox, RecordingChat, SlackHarness
from tests.support.fake_slack import (
    BOT_ID,
    BOT_USER_ID,
    TEAM_ID,
    button_press,
    dm_message,
    event_callback,
    signed_form,
    signed_interaction,
    signed_json,
    slash_command,
)


async def test_a_dm_is_answered_in_the_dm_with_the_persons_email_and_event_id(
    slack: SlackHarness, chat: RecordingChat
) -> None:
    slack.fake.add_user("U1", "ada@example.com")
    update = event_callback(dm_message("U1", "courses"), event_id="Ev0001")

    response = await slack.post(signed_json(slack.signer, update))
    await slack.settle()

    assert response.status == 200
    [incoming] = chat.received
    assert incoming.platform == ChatPlatform.SLACK
    assert (incoming.workspace_id, incoming.platform_user_id, incoming.chat_id) == (TEAM_ID, "U1", "D1")
    assert (incoming.text, incoming.update_key, incoming.email) == ("courses", "Ev0001", "ada@example.com")
    [posted] = slack.fake.posted()
    assert posted["channel"] == "D1"
    assert posted["blocks"][0]["text"]["text"] == "You said: courses"


async def test_the_email_is_looked_up_once_per_person(slack: SlackHarness, chat: RecordingChat) -> None:
    slack.fake.add_user("U1", "ada@example.com")

    for text in ("help", "courses", "my"):
        await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", text))))
    await slack.settle()

    assert [incoming.email for incoming in chat.received] == ["ada@example.com"] * 3
    assert len(slack.fake.calls_of("users.info")) == 1


async def test_a_person_slack_does_not_know_is_passed_on_without_an_email(
    slack: SlackHarness, chat: RecordingChat
) -> None:
    await slack.post(signed_json(slack.signer, event_callback(dm_message("U404", "help"))))
    await slack.settle()

    [incoming] = chat.received
    assert incoming.email is None


async def test_a_retried_event_is_acked_with_one_effect(
    slack: SlackHarness, chat: RecordingChat, inbox: MemoryInbox
) -> None:
    update = event_callback(dm_message("U1", "enroll SEC-101"), event_id="Ev0002")

    first = await slack.post(signed_json(slack.signer, update))
    retry = await slack.post(signed_json(slack.signer, update, retry_num=1))
    second_retry = await slack.post(signed_json(slack.signer, update, retry_num=2))
    await slack.settle()

    assert [first.status, retry.status, second_retry.status] == [200, 200, 200]
    assert len(inbox.accepted) == 1
    assert len(chat.received) == 1
    assert len(slack.fake.posted()) == 1


async def test_a_retry_arriving_while_the_first_delivery_is_still_worked_on_has_no_second_effect(
    slack: SlackHarness, chat: RecordingChat
) -> None:
    chat.gate = asyncio.Event()
    update = event_callback(dm_message("U1", "done"), event_id="Ev0003")

    await slack.post(signed_json(slack.signer, update))
    await slack.post(signed_json(slack.signer, update, retry_num=1))
    chat.gate.set()
    await slack.settle()

    assert len(chat.received) == 1
    assert len(slack.fake.posted()) == 1


async def test_the_ack_comes_after_the_update_is_stored_and_before_the_work(
    slack: SlackHarness, chat: RecordingChat, inbox: MemoryInbox
) -> None:
    chat.gate = asyncio.Event()
    inbox.delay = 0.3
    started = time.monotonic()

    response = await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", "next"))))

    assert response.status == 200
    assert time.monotonic() - started < 3
    assert len(inbox.accepted) == 1
    assert slack.fake.posted() == []
    chat.gate.set()
    await slack.settle()
    assert len(slack.fake.posted()) == 1


async def test_an_update_that_cannot_be_stored_is_not_acked_so_slack_retries_it(
    slack: SlackHarness, chat: RecordingChat, inbox: MemoryInbox
) -> None:
    inbox.down = True
    update = event_callback(dm_message("U1", "help"), event_id="Ev0004")

    refused = await slack.post(signed_json(slack.signer, update))
    inbox.down = False
    retried = await slack.post(signed_json(slack.signer, update, retry_num=1))
    await slack.settle()

    assert refused.status >= 500
    assert retried.status == 200
    assert [incoming.update_key for incoming in chat.received] == ["Ev0004"]


async def test_a_mention_in_a_channel_is_answered_in_the_dm_without_the_mention(
    slack: SlackHarness, chat: RecordingChat
) -> None:
    mention = {"type": "app_mention", "channel": "C0GENERAL", "user": "U1", "text": f"<@{BOT_USER_ID}> my", "ts": "1.2"}

    await slack.post(signed_json(slack.signer, event_callback(mention)))
    await slack.settle()

    [incoming] = chat.received
    assert incoming.text == "my"
    assert [call.params["users"] for call in slack.fake.calls_of("conversations.open")] == ["U1"]
    assert [posted["channel"] for posted in slack.fake.posted()] == ["D1"]


async def test_slack_escapes_and_links_in_a_message_come_through_as_typed(
    slack: SlackHarness, chat: RecordingChat
) -> None:
    text = "my answer: a &lt; b &amp;&amp; <mailto:ada@example.com|ada@example.com>"

    await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", text))))
    await slack.settle()

    assert chat.received[0].text == "my answer: a < b && ada@example.com"


async def test_edits_bot_messages_and_channel_chatter_are_acked_and_ignored(
    slack: SlackHarness, chat: RecordingChat, inbox: MemoryInbox
) -> None:
    edited = dm_message("U1", "help") | {"subtype": "message_changed"}
    from_a_bot = dm_message("U2", "hello") | {"bot_id": "B0OTHER"}
    own = dm_message("U1", "hello") | {"user": BOT_USER_ID, "bot_id": BOT_ID}
    in_channel = dm_message("U1", "help") | {"channel": "C0GENERAL", "channel_type": "channel"}

    statuses = [
        (await slack.post(signed_json(slack.signer, event_callback(event)))).status
        for event in (edited, from_a_bot, own, in_channel)
    ]
    await slack.settle()

    assert statuses == [200, 200, 200, 200]
    assert inbox.accepted == []
    assert chat.received == []


async def test_an_event_of_a_kind_we_do_not_use_is_acked(slack: SlackHarness, inbox: MemoryInbox) -> None:
    event = {"type": "reaction_added", "user": "U1", "reaction": "thumbsup", "item": {}}

    response = await slack.post(signed_json(slack.signer, event_callback(event)))

    assert response.status == 200
    assert inbox.accepted == []


async def test_the_learn_command_runs_its_text_and_answers_in_the_dm(slack: SlackHarness, chat: RecordingChat) -> None:
    command = slash_command("U1", "enroll SEC-101")

    response = await slack.post(signed_form(slack.signer, command))
    await slack.settle()

    assert response.status == 200
    assert await response.text() == ""
    [incoming] = chat.received
    assert (incoming.text, incoming.workspace_id) == ("enroll SEC-101", TEAM_ID)
    assert incoming.update_key == f"trigger:{command['trigger_id']}"
    assert [posted["channel"] for posted in slack.fake.posted()] == ["D1"]


async def test_a_bare_learn_command_asks_for_help(slack: SlackHarness, chat: RecordingChat) -> None:
    await slack.post(signed_form(slack.signer, slash_command("U1", "")))
    await slack.settle()

    assert chat.received[0].text == "help"


async def test_the_learn_command_in_a_channel_points_to_the_dm(slack: SlackHarness, chat: RecordingChat) -> None:
    response = await slack.post(signed_form(slack.signer, slash_command("U1", "my", channel_id="C0GENERAL")))
    await slack.settle()

    assert "direct messages" in await response.text()
    assert [posted["channel"] for posted in slack.fake.posted()] == ["D1"]


async def test_a_repeated_slash_command_request_has_one_effect(slack: SlackHarness, chat: RecordingChat) -> None:
    command = slash_command("U1", "drop SEC-101")

    await slack.post(signed_form(slack.signer, command))
    await slack.post(signed_form(slack.signer, command))
    await slack.settle()

    assert len(chat.received) == 1


async def test_a_button_press_runs_its_action_and_the_message_shows_the_choice(
    slack: SlackHarness, chat: RecordingChat
) -> None:
    chat.answers["courses"] = [Reply(text="*Security 101*", buttons=[Button(label="Enroll", action="enroll SEC-101")])]
    await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", "courses"))))
    await slack.settle()
    [catalog] = slack.fake.posted()
    message = slack.fake.message_with_ts(catalog["ts"])
    actions = next(block for block in message["blocks"] if block["type"] == "actions")

    press = button_press("U1", message, actions["block_id"], actions["elements"][0]["action_id"])
    response = await slack.post(signed_interaction(slack.signer, press))
    await slack.settle()

    assert response.status == 200
    pressed = chat.received[-1]
    assert (pressed.action, pressed.text) == ("enroll SEC-101", None)
    assert pressed.update_key == f"trigger:{press['trigger_id']}"
    [update] = slack.fake.calls_of("chat.update")
    assert (update.params["channel"], update.params["ts"]) == ("D1", catalog["ts"])
    assert [block["type"] for block in update.params["blocks"]] == ["section", "context"]
    assert "You chose *Enroll*" in update.params["blocks"][1]["elements"][0]["text"]
    assert slack.fake.posted()[-1]["blocks"][0]["text"]["text"] == "You said: enroll SEC-101"


async def test_a_link_button_click_is_acked_and_nothing_else(
    slack: SlackHarness, chat: RecordingChat, inbox: MemoryInbox
) -> None:
    link = {"type": "button", "action_id": "link-1", "text": {"type": "plain_text", "text": "Open"}, "url": "https://x"}
    message = {
        "type": "message",
        "ts": "1.1",
        "blocks": [{"type": "actions", "block_id": "link-0", "elements": [link]}],
    }

    response = await slack.post(signed_interaction(slack.signer, button_press("U1", message, "link-0", "link-1")))
    await slack.settle()

    assert response.status == 200
    assert inbox.accepted == []
    assert slack.fake.calls_of("chat.update") == []


async def test_opening_the_home_tab_publishes_my_courses_and_progress(slack: SlackHarness, chat: RecordingChat) -> None:
    chat.answers["my"] = [Reply(text="*Security 101*", context="Progress 40%")]
    opened = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}

    response = await slack.post(signed_json(slack.signer, event_callback(opened)))
    await slack.settle()

    assert response.status == 200
    assert [incoming.text for incoming in chat.received] == ["my"]
    [publish] = slack.fake.calls_of("views.publish")
    view = publish.params["view"]
    assert publish.params["user_id"] == "U1"
    assert view["type"] == "home"
    texts = [str(block) for block in view["blocks"]]
    assert any("*Security 101*" in text for text in texts)
    assert any("Progress 40%" in text for text in texts)
    assert slack.fake.posted() == []


async def test_opening_the_messages_tab_publishes_nothing(slack: SlackHarness, chat: RecordingChat) -> None:
    opened = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages"}

    await slack.post(signed_json(slack.signer, event_callback(opened)))
    await slack.settle()

    assert chat.received == []
    assert slack.fake.calls_of("views.publish") == []


async def test_a_button_on_the_home_tab_runs_and_the_home_tab_is_refreshed(
    slack: SlackHarness, chat: RecordingChat
) -> None:
    chat.answers["my"] = [Reply(text="Security 101", buttons=[Button(label="Continue", action="continue SEC-101")])]
    await slack.post(
        signed_json(slack.signer, event_callback({"type": "app_home_opened", "user": "U1", "tab": "home"}))
    )
    await slack.settle()
    view = slack.fake.calls_of("views.publish")[0].params["view"]
    actions = next(block for block in view["blocks"] if block["type"] == "actions")
    press = button_press("U1", {"ts": "0", "blocks": view["blocks"]}, actions["block_id"], "act-1")
    del press["message"], press["channel"]
    press["container"] = {"type": "view", "view_id": "V1"}
    press["view"] = {"id": "V1", "type": "home", "blocks": view["blocks"]}

    await slack.post(signed_interaction(slack.signer, press))
    await slack.settle()

    assert [(incoming.text, incoming.action) for incoming in chat.received] == [
        ("my", None),
        (None, "continue SEC-101"),
        ("my", None),
    ]
    assert [posted["channel"] for posted in slack.fake.posted()] == ["D1"]
    assert len(slack.fake.calls_of("views.publish")) == 2
    assert slack.fake.calls_of("chat.update") == []


async def test_one_persons_messages_are_answered_in_the_order_they_came(
    slack: SlackHarness, chat: RecordingChat
) -> None:
    for n in range(5):
        await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", f"message {n}"))))
    await slack.settle()

    said = [posted["blocks"][0]["text"]["text"] for posted in slack.fake.posted()]
    assert said == [f"You said: message {n}" for n in range(5)]


async def test_work_in_hand_is_finished_when_the_app_stops(slack: SlackHarness, chat: RecordingChat) -> None:
    chat.gate = asyncio.Event()
    await slack.post(signed_json(slack.signer, event_callback(dm_message("U1", "help"))))
    asyncio.get_running_loop().call_later(0.2, chat.gate.set)

    await slack.app[SLACK].after_ack.drain()

    assert len(slack.fake.posted()) == 1
