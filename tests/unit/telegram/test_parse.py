from typing import Any

from telegram import Update

from adapters.chat.incoming import Incoming
from adapters.telegram.parse import command_text, parse
from adapters.telegram.polls import SentPoll
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


class KnownPolls:
    """A fake of the poll port: one known poll, meant for Tess."""

    def __init__(self) -> None:
        self.remembered: list[SentPoll] = []

    async def remember(self, poll: SentPoll) -> None:
        self.remembered.append(poll)

    async def answer(self, *, update_key: str, poll_id: str, voter_id: str, option_ids: list[int]) -> Incoming | None:
        if poll_id != "p1":
            return None
        action = f"answer a q1 {option_ids[0]}"
        return Incoming(ChatPlatform.TELEGRAM, "", voter_id, "501", update_key=update_key, action=action)


async def parsed(data: dict[str, Any]):  # type: ignore[no-untyped-def]
    return await parse(Update.de_json(data, None), BOT_USERNAME, KnownPolls())


async def test_a_private_text_message_becomes_incoming_text_with_who_and_where() -> None:
    update = message_update(TESS, "courses")
    incoming = (await parsed(update)).incoming
    assert incoming is not None
    assert (incoming.platform, incoming.workspace_id) == (ChatPlatform.TELEGRAM, "")
    assert (incoming.platform_user_id, incoming.chat_id, incoming.text) == ("501", "501", "courses")
    assert incoming.update_key == str(update["update_id"])
    assert incoming.display_name == "Tess Trainee"


async def test_commands_lose_our_bot_name_and_extra_spaces() -> None:
    for text in ("/enroll SEC-101", f"/enroll@{BOT_USERNAME} SEC-101", "/enroll   SEC-101  "):
        incoming = (await parsed(message_update(TESS, text))).incoming
        assert incoming is not None
        assert incoming.text == "/enroll SEC-101"


async def test_start_with_an_invite_code_is_passed_as_the_conversation_layer_links_by_it() -> None:
    incoming = (await parsed(message_update(TESS, f"/start@{BOT_USERNAME} Ab3_x-9"))).incoming
    assert incoming is not None
    assert incoming.text == "/start Ab3_x-9"


def test_a_command_for_another_bot_is_not_ours() -> None:
    assert command_text("/help@SomeOtherBot", BOT_USERNAME) is None
    assert command_text(f"/help@{BOT_USERNAME.lower()}", BOT_USERNAME) == "/help"
    assert command_text("not a command", BOT_USERNAME) is None


async def test_in_a_group_chatter_is_ignored_and_commands_are_taken() -> None:
    group = group_chat()
    assert (await parsed(message_update(TESS, "hello everyone", chat=group))).incoming is None
    assert (await parsed(message_update(TESS, "/courses@SomeOtherBot", chat=group))).incoming is None
    incoming = (await parsed(message_update(TESS, f"/my@{BOT_USERNAME}", chat=group))).incoming
    assert incoming is not None
    assert (incoming.text, incoming.chat_id, incoming.platform_user_id) == ("/my", str(group["id"]), "501")


async def test_a_contact_of_the_sender_themselves_carries_the_phone() -> None:
    incoming = (await parsed(contact_update(TESS, "+49 170 1234567", contact_user_id=TESS.id))).incoming
    assert incoming is not None
    assert (incoming.contact_phone, incoming.text) == ("+49 170 1234567", None)


async def test_someone_elses_contact_never_carries_the_phone() -> None:
    for contact_user_id in (OTTO.id, None):
        incoming = (await parsed(contact_update(TESS, "+49 170 1234567", contact_user_id=contact_user_id))).incoming
        assert incoming is not None
        assert incoming.contact_phone is None


async def test_a_button_press_carries_the_callback_data_as_the_action_and_must_be_answered() -> None:
    message = {"message_id": 9, "date": 0, "chat": TESS.private_chat(), "text": "Pick one"}
    result = await parsed(callback_update(TESS, message, "signed-next"))
    assert result.incoming is not None
    assert (result.incoming.action, result.incoming.text, result.incoming.chat_id) == ("signed-next", None, "501")
    assert result.callback_query_id is not None
    assert result.answered is None


async def test_a_pressed_choice_names_the_question_message_and_the_chosen_label() -> None:
    keyboard = {"inline_keyboard": [[{"text": "443", "callback_data": "?signed-1"}]]}
    message = {
        "message_id": 9,
        "date": 0,
        "chat": TESS.private_chat(),
        "text": "Which port?",
        "entities": [{"type": "bold", "offset": 0, "length": 5}],
        "reply_markup": keyboard,
    }
    result = await parsed(callback_update(TESS, message, "?signed-1"))
    assert result.incoming is not None
    assert result.incoming.action == "signed-1"
    assert result.answered is not None
    assert (result.answered.message_id, result.answered.chosen_label) == (9, "443")
    assert result.answered.question_html == "<b>Which</b> port?"


async def test_a_poll_answer_becomes_the_answer_action_of_the_known_poll() -> None:
    poll = {"id": "p1", "options": [{"persistent_id": "a"}, {"persistent_id": "b"}]}
    update = poll_answer_update(TESS, poll, 1)
    incoming = (await parsed(update)).incoming
    assert incoming is not None
    assert (incoming.action, incoming.update_key, incoming.display_name) == (
        "answer a q1 1",
        str(update["update_id"]),
        "Tess Trainee",
    )


async def test_a_vote_on_an_unknown_poll_or_a_retracted_vote_is_ignored() -> None:
    poll = {"id": "other", "options": [{"persistent_id": "a"}]}
    assert (await parsed(poll_answer_update(TESS, poll, 0))).incoming is None
    retracted = poll_answer_update(TESS, {"id": "p1", "options": [{"persistent_id": "a"}]}, 0)
    retracted["poll_answer"]["option_ids"] = []
    retracted["poll_answer"]["option_persistent_ids"] = []
    assert (await parsed(retracted)).incoming is None


async def test_messages_from_bots_and_edited_messages_are_ignored() -> None:
    robot = message_update(TESS, "hi")
    robot["message"]["from"]["is_bot"] = True
    assert (await parsed(robot)).incoming is None
    edited = message_update(TESS, "hi")
    edited["edited_message"] = edited.pop("message")
    assert (await parsed(edited)).incoming is None


async def test_a_slash_that_is_no_command_is_passed_on_as_typed_in_a_private_chat() -> None:
    incoming = (await parsed(message_update(TESS, "/ what now?"))).incoming
    assert incoming is not None
    assert incoming.text == "/ what now?"
