"""Updates in, Bot API calls out: text, buttons, quiz polls, documents and long texts, through real PTB."""

from typing import Any

from domain.replies import Button, Document, Quiz, Reply
from tests.e2e.telegram.harness import MemoryPolls, RecordingChat, TelegramHarness
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

HTTPS_QUIZ = Quiz(
    question="Which port does HTTPS use?",
    options=["80", "443", "22"],
    answer_action="answer 3f2a q1 ",
    correct_option=1,
    explanation="TLS listens on 443.",
    native_poll=True,
)


def last_message(telegram: TelegramHarness, chat_id: int) -> dict[str, Any]:
    return telegram.fake.sent(chat_id)[-1]


async def test_a_reply_is_sent_as_html_with_its_buttons_as_an_inline_keyboard(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    chat.answers["courses"] = [
        Reply(text="*Catalog* <new> & more", buttons=[Button(label="Enroll SEC-101", action="enroll SEC-101")])
    ]
    await telegram.deliver(message_update(TESS, "courses"))
    (call,) = telegram.fake.calls_to("sendMessage")
    assert call.params["parse_mode"] == "HTML"
    assert call.params["text"] == "<b>Catalog</b> &lt;new&gt; &amp; more"
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Enroll SEC-101", "callback_data": "enroll SEC-101"}]]
    }


async def test_a_button_press_reaches_the_chat_layer_and_is_answered(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    chat.answers["courses"] = [Reply(text="Catalog", buttons=[Button(label="Enroll", action="enroll SEC-101")])]
    await telegram.deliver(message_update(TESS, "courses"))
    press = callback_update(TESS, last_message(telegram, TESS.id), "enroll SEC-101")
    await telegram.deliver(press)
    assert chat.received[-1].action == "enroll SEC-101"
    (answer,) = telegram.fake.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"] == press["callback_query"]["id"]
    assert telegram.fake.texts_to(TESS.id)[-1] == "You said: enroll SEC-101"


async def test_a_button_press_is_answered_in_the_webhooks_response_saving_a_request(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    message = {"message_id": 1, "date": 0, "chat": TESS.private_chat(), "text": "Menu"}
    press = callback_update(TESS, message, "next")
    response = await telegram.post(press)
    assert await response.json() == {
        "method": "answerCallbackQuery",
        "callback_query_id": press["callback_query"]["id"],
    }
    (answer,) = telegram.fake.calls_to("answerCallbackQuery")
    assert answer.in_webhook_answer
    assert telegram.fake.texts_to(TESS.id) == ["You said: next"]


async def test_every_callback_query_is_answered_even_when_nothing_else_happens(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    chat.answers["stale"] = []
    message = {"message_id": 1, "date": 0, "chat": TESS.private_chat(), "text": "old"}
    await telegram.deliver(callback_update(TESS, message, "stale"))
    no_data = callback_update(TESS, message, "x")
    del no_data["callback_query"]["data"]
    await telegram.deliver(no_data)
    chat.failing = True
    crashing = callback_update(TESS, message, "boom")
    assert (await telegram.post(crashing)).status == 500
    answered = [call.params["callback_query_id"] for call in telegram.fake.calls_to("answerCallbackQuery")]
    assert len(answered) == 3
    assert crashing["callback_query"]["id"] in answered
    assert telegram.fake.calls_to("sendMessage") == []


async def test_pressing_a_choice_marks_the_question_answered_and_removes_its_keyboard(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    chat.answers["quiz"] = [Reply(text="Question 1", quiz=HTTPS_QUIZ.model_copy(update={"native_poll": False}))]
    chat.answers["answer 3f2a q1 1"] = [Reply(text="Correct!")]
    await telegram.deliver(message_update(TESS, "quiz"))
    question = last_message(telegram, TESS.id)
    choice = question["reply_markup"]["inline_keyboard"][1][0]
    assert choice["text"] == "443"
    await telegram.deliver(callback_update(TESS, question, choice["callback_data"]))
    assert chat.received[-1].action == "answer 3f2a q1 1"
    (edit,) = telegram.fake.calls_to("editMessageText")
    assert edit.params["message_id"] == question["message_id"]
    edited = telegram.fake.messages[(TESS.id, question["message_id"])]
    assert edited["text"] == "Question 1\n\nWhich port does HTTPS use?\n\nYour answer: 443"
    assert "reply_markup" not in edited
    assert telegram.fake.texts_to(TESS.id)[-1] == "Correct!"


async def test_a_quiz_that_fits_is_sent_as_a_native_quiz_poll_and_its_answer_comes_back_as_the_action(
    telegram: TelegramHarness, chat: RecordingChat, polls: MemoryPolls
) -> None:
    chat.answers["quiz"] = [Reply(text="Question 1 of 1", quiz=HTTPS_QUIZ)]
    await telegram.deliver(message_update(TESS, "quiz"))
    (send_poll,) = telegram.fake.calls_to("sendPoll")
    assert send_poll.params["type"] == "quiz"
    assert send_poll.params["is_anonymous"] is False
    assert send_poll.params["correct_option_ids"] == [1]
    assert send_poll.params["explanation"] == "TLS listens on 443."
    assert [option["text"] for option in send_poll.params["options"]] == ["80", "443", "22"]
    assert (send_poll.params["description"], send_poll.params["description_parse_mode"]) == ("Question 1 of 1", "HTML")
    assert telegram.fake.calls_to("sendMessage") == []
    poll = last_message(telegram, TESS.id)["poll"]
    (remembered,) = polls.sent
    assert (remembered.poll_id, remembered.platform_user_id, remembered.chat_id) == (poll["id"], "501", "501")

    await telegram.deliver(poll_answer_update(TESS, poll, 1))
    vote = chat.received[-1]
    assert (vote.poll_id, vote.poll_option, vote.platform_user_id, vote.chat_id) == (poll["id"], 1, "501", "501")
    assert telegram.fake.texts_to(TESS.id)[-1] == f"You said: vote 1 in poll {poll['id']}"


async def test_a_poll_description_telegram_refuses_is_sent_as_a_message_before_the_poll(
    telegram: TelegramHarness, chat: RecordingChat, polls: MemoryPolls
) -> None:
    telegram.fake.fail("sendPoll", "Bad Request: POLL_DESCRIPTION_INVALID")
    chat.answers["quiz"] = [Reply(text="*Question 1* of 1", quiz=HTTPS_QUIZ)]
    await telegram.deliver(message_update(TESS, "quiz"))
    first, second = telegram.fake.calls_to("sendPoll")
    assert "description" in first.params
    assert "description" not in second.params
    assert telegram.fake.texts_to(TESS.id) == ["Question 1 of 1"]
    assert [poll.poll_id for poll in polls.sent] == [last_message(telegram, TESS.id)["poll"]["id"]]


async def test_a_retracted_vote_is_ignored(telegram: TelegramHarness, chat: RecordingChat) -> None:
    poll = {"id": "999", "options": [{"persistent_id": "a"}, {"persistent_id": "b"}]}
    retracted = poll_answer_update(TESS, poll, 0)
    retracted["poll_answer"]["option_ids"] = []
    retracted["poll_answer"]["option_persistent_ids"] = []
    await telegram.deliver(retracted)
    assert chat.received == []


async def test_a_document_is_sent_with_send_document(telegram: TelegramHarness, chat: RecordingChat) -> None:
    document = Document(title="Policy.pdf", url="https://files.example/policy.pdf")
    chat.answers["read"] = [Reply(text="Please *read*", document=document)]
    await telegram.deliver(message_update(TESS, "read"))
    (call,) = telegram.fake.calls_to("sendDocument")
    assert call.params["document"] == "https://files.example/policy.pdf"
    assert call.params["caption"] == "Please <b>read</b>\n\nPolicy.pdf"


async def test_a_document_telegram_cannot_fetch_is_offered_as_a_link(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    telegram.fake.fail("sendDocument", "Bad Request: wrong file identifier/HTTP URL specified")
    document = Document(title="Policy.pdf", url="https://intranet.example/policy.pdf")
    chat.answers["read"] = [Reply(text="Please read", document=document)]
    await telegram.deliver(message_update(TESS, "read"))
    message = last_message(telegram, TESS.id)
    assert message["text"] == "Please read\n\nPolicy.pdf"
    assert message["reply_markup"]["inline_keyboard"] == [[{"text": "Policy.pdf", "url": document.url}]]


async def test_a_long_text_is_split_into_messages_telegram_accepts(
    telegram: TelegramHarness, chat: RecordingChat
) -> None:
    text = "\n\n".join(f"*Section {n}*\n" + "- a point with `code` & <angle> text\n" * 40 for n in range(8))
    chat.answers["long"] = [Reply(text=text, buttons=[Button(label="Next", action="next")])]
    await telegram.deliver(message_update(TESS, "long"))
    sent = telegram.fake.sent(TESS.id)
    assert len(sent) > 1
    assert all(len(message["text"]) <= 4096 for message in sent)
    assert [("reply_markup" in message) for message in sent] == [False] * (len(sent) - 1) + [True]
    assert all(message["text"].startswith("Section") for message in sent)


async def test_in_a_group_only_commands_for_us_are_handled(telegram: TelegramHarness, chat: RecordingChat) -> None:
    group = group_chat()
    await telegram.deliver(message_update(TESS, "hello all", chat=group))
    await telegram.deliver(message_update(TESS, "/help@OtherBot", chat=group))
    await telegram.deliver(message_update(TESS, f"/help@{BOT_USERNAME}", chat=group))
    assert [incoming.text for incoming in chat.received] == ["/help"]
    assert telegram.fake.texts_to(group["id"]) == ["You said: /help"]


async def test_only_the_senders_own_contact_carries_a_phone(telegram: TelegramHarness, chat: RecordingChat) -> None:
    await telegram.deliver(contact_update(TESS, "+15550100100", contact_user_id=TESS.id))
    await telegram.deliver(contact_update(TESS, "+15550199999", contact_user_id=OTTO.id))
    assert [incoming.contact_phone for incoming in chat.received] == ["+15550100100", None]
