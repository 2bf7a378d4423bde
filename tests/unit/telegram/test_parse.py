from typing import Any

from telegram import Update

from adapters.telegram.parse import Parsed, command_text, parse
from domain.models.enums import ChatPlatform
from tests.support.fake_telegram import (
    BOT_USERNAME,
    Person,
    callback_update,
    contact_update,
    group_chat,
    message_update,
    poll_answer_update,
)

TESS = Person(501, "Tess", "Trainee")
OTTO = Person(502, "Otto", None)


def parsed(data: dict[str, Any]) -> Parsed:
    return parse(Update.de_json(data, None), BOT_USERNAME)


def test_a_private_text_message_becomes_incoming_text_with_who_and_where() -> None:
    update = message_update(TESS, "courses")
    incoming = (parsed(update)).incoming
    assert incoming is not None
    assert (incoming.platform, incoming.workspace_id) == (ChatPlatform.TELEGRAM, "")
    assert (incoming.platform_user_id, incoming.chat_id, incoming.text) == ("501", "501", "courses")
    assert incoming.update_key == str(update["update_id"])
    assert incoming.display_name == "Tess Trainee"


def test_commands_lose_our_bot_name_and_extra_spaces() -> None:
    for text in ("/enroll SEC-101", f"/enroll@{BOT_USERNAME} SEC-101", "/enroll   SEC-101  "):
        incoming = (parsed(message_update(TESS, text))).incoming
        assert incoming is not None
        assert incoming.text == "/enroll SEC-101"


def test_start_with_an_invite_code_is_passed_as_the_conversation_layer_links_by_it() -> None:
    incoming = (parsed(message_update(TESS, f"/start@{BOT_USERNAME} Ab3_x-9"))).incoming
    assert incoming is not None
    assert incoming.text == "/start Ab3_x-9"


def test_a_command_for_another_bot_is_not_ours() -> None:
    assert command_text("/help@SomeOtherBot", BOT_USERNAME) is None
    assert command_text(f"/help@{BOT_USERNAME.lower()}", BOT_USERNAME) == "/help"
    assert command_text("not a command", BOT_USERNAME) is None


def test_in_a_group_chatter_is_ignored_and_commands_are_taken() -> None:
    group = group_chat()
    assert (parsed(message_update(TESS, "hello everyone", chat=group))).incoming is None
    assert (parsed(message_update(TESS, "/courses@SomeOtherBot", chat=group))).incoming is None
    incoming = (parsed(message_update(TESS, f"/my@{BOT_USERNAME}", chat=group))).incoming
    assert incoming is not None
    assert (incoming.text, incoming.chat_id, incoming.platform_user_id) == ("/my", str(group["id"]), "501")


def test_a_contact_of_the_sender_themselves_carries_the_phone() -> None:
    incoming = (parsed(contact_update(TESS, "+49 170 1234567", contact_user_id=TESS.id))).incoming
    assert incoming is not None
    assert (incoming.contact_phone, incoming.text) == ("+49 170 1234567", None)


def test_someone_elses_contact_never_carries_the_phone() -> None:
    for contact_user_id in (OTTO.id, None):
        incoming = (parsed(contact_update(TESS, "+49 170 1234567", contact_user_id=contact_user_id))).incoming
        assert incoming is not None
        assert incoming.contact_phone is None


def test_a_button_press_carries_the_callback_data_as_the_action_and_must_be_answered() -> None:
    message = {"message_id": 9, "date": 0, "chat": TESS.private_chat(), "text": "Pick one"}
    result = parsed(callback_update(TESS, message, "signed-next"))
    assert result.incoming is not None
    assert (result.incoming.action, result.incoming.text, result.incoming.chat_id) == ("signed-next", None, "501")
    assert result.callback_query_id is not None
    assert result.answered is None


def test_a_pressed_choice_names_the_question_message_and_the_chosen_label() -> None:
    keyboard = {"inline_keyboard": [[{"text": "443", "callback_data": "?signed-1"}]]}
    message = {
        "message_id": 9,
        "date": 0,
        "chat": TESS.private_chat(),
        "text": "Which port?",
        "entities": [{"type": "bold", "offset": 0, "length": 5}],
        "reply_markup": keyboard,
    }
    result = parsed(callback_update(TESS, message, "?signed-1"))
    assert result.incoming is not None
    assert result.incoming.action == "signed-1"
    assert result.answered is not None
    assert (result.answered.message_id, result.answered.chosen_label) == (9, "443")
    assert result.answered.question_html == "<b>Which</b> port?"


def test_a_poll_answer_becomes_a_vote_with_the_poll_and_the_chosen_option() -> None:
    poll = {"id": "p1", "options": [{"persistent_id": "a"}, {"persistent_id": "b"}]}
    update = poll_answer_update(TESS, poll, 1)
    incoming = parsed(update).incoming
    assert incoming is not None
    assert (incoming.poll_id, incoming.poll_option, incoming.action, incoming.text) == ("p1", 1, None, None)
    assert (incoming.platform_user_id, incoming.chat_id) == ("501", "501")
    assert (incoming.update_key, incoming.display_name) == (str(update["update_id"]), "Tess Trainee")


def test_a_retracted_vote_is_ignored() -> None:
    retracted = poll_answer_update(TESS, {"id": "p1", "options": [{"persistent_id": "a"}]}, 0)
    retracted["poll_answer"]["option_ids"] = []
    retracted["poll_answer"]["option_persistent_ids"] = []
    assert parsed(retracted).incoming is None
