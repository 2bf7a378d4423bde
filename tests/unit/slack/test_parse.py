from adapters.slack import parse
from tests.support.fake_slack import button_press, dm_message, event_callback, slash_command


def test_a_dm_message_carries_the_event_id_as_its_update_key() -> None:
    incoming = parse.message(event_callback(dm_message("U1", "enroll SEC-101"), event_id="Ev42", team_id="T9"))

    assert incoming is not None
    assert (incoming.workspace_id, incoming.platform_user_id, incoming.chat_id) == ("T9", "U1", "D1")
    assert (incoming.text, incoming.update_key, incoming.action) == ("enroll SEC-101", "Ev42", None)


def test_a_mention_loses_the_bots_name() -> None:
    event = {"type": "app_mention", "user": "U1", "channel": "C1", "text": "<@U0BOT|learnbot>  courses"}

    incoming = parse.message(event_callback(event))

    assert incoming is not None
    assert incoming.text == "courses"


def test_slack_formatting_in_typed_text_is_undone() -> None:
    typed = "see <https://example.com/a?b=1&amp;c=2> &lt;3 <#C123|general> <mailto:a@b.co|a@b.co> <https://x.y|x.y>"

    assert parse.plain_text(typed) == "see https://example.com/a?b=1&c=2 <3 general a@b.co x.y"


def test_a_slash_command_gives_its_text_and_a_key_from_the_trigger_id() -> None:
    body = slash_command("U1", "  enroll SEC-101 ")

    incoming = parse.command(body)

    assert incoming is not None
    assert incoming.text == "enroll SEC-101"
    assert incoming.update_key == f"trigger:{body['trigger_id']}"


def test_without_a_trigger_id_the_key_is_a_hash_of_the_payload() -> None:
    body = slash_command("U1", "my") | {"trigger_id": ""}

    first, again = parse.command(body), parse.command(dict(body))
    other = parse.command(body | {"text": "courses"})

    assert first is not None
    assert again is not None
    assert other is not None
    assert first.update_key is not None
    assert first.update_key.startswith("payload:")
    assert first.update_key == again.update_key != other.update_key


def test_a_button_press_gives_the_buttons_value_as_the_action_and_where_it_was() -> None:
    element = {"type": "button", "action_id": "act-1", "text": {"type": "plain_text", "text": "Enroll"},
               "value": "enroll SEC-101"}  # fmt: skip
    message = {"ts": "17.1", "blocks": [{"type": "actions", "block_id": "buttons-0", "elements": [element]}]}

    pressed = parse.button_press(button_press("U1", message, "buttons-0", "act-1", team_id="T9"))

    assert pressed is not None
    incoming, where = pressed
    assert (incoming.action, incoming.text, incoming.workspace_id, incoming.chat_id) == (
        "enroll SEC-101",
        None,
        "T9",
        "",
    )
    assert where is not None
    assert (where.channel_id, where.message_ts, where.block_id, where.label) == ("D1", "17.1", "buttons-0", "Enroll")


def test_opening_the_home_tab_asks_for_my_courses_without_a_key() -> None:
    incoming = parse.home_opened(event_callback({"type": "app_home_opened", "user": "U1", "tab": "home"}))

    assert incoming is not None
    assert (incoming.text, incoming.update_key) == ("my", None)
