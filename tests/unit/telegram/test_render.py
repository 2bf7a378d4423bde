from adapters.telegram.render import DocumentMessage, QuizPoll, TextMessage, plan
from domain.replies import Button, Document, Link, Quiz, Reply


def same(action: str) -> str:
    return action


def quiz(fits: bool, correct: int | None = 1) -> Quiz:
    return Quiz(
        question="Which port does HTTPS use?",
        options=["80", "443", "22"],
        answer_action="answer 3f2a q1 ",
        correct_option=correct,
        explanation="TLS on 443",
        native_poll=fits,
    )


def test_a_quiz_that_fits_is_sent_as_a_native_quiz_poll_with_its_intro_as_the_description() -> None:
    reply = Reply(text="*Question 1 of 3*\n\nWhich port does HTTPS use?", quiz=quiz(fits=True), context="15 min left")
    (poll,) = plan([reply], same)
    assert isinstance(poll, QuizPoll)
    assert (poll.question, poll.options, poll.correct_option) == ("Which port does HTTPS use?", ("80", "443", "22"), 1)
    assert poll.answer_action == "answer 3f2a q1 "
    assert poll.explanation == "TLS on 443"
    assert poll.description_html == "<b>Question 1 of 3</b>\n\n<i>15 min left</i>"


def test_a_quiz_poll_has_no_description_when_the_text_is_just_its_question() -> None:
    (poll,) = plan([Reply(text="Which port does HTTPS use?", quiz=quiz(fits=True))], same)
    assert isinstance(poll, QuizPoll)
    assert poll.description_html is None


def test_an_intro_too_long_for_a_poll_description_is_sent_before_the_poll() -> None:
    messages = plan([Reply(text="Read this first. " * 80, quiz=quiz(fits=True))], same)
    assert [type(m) for m in messages] == [TextMessage, QuizPoll]


def test_feedback_before_the_next_question_joins_its_poll_description() -> None:
    replies = [Reply(text="✅ Correct."), Reply(text="Question 2 of 3", quiz=quiz(fits=True))]
    (poll,) = plan(replies, same)
    assert isinstance(poll, QuizPoll)
    assert poll.description_html == "✅ Correct.\n\nQuestion 2 of 3"


def test_a_quiz_that_does_not_fit_is_sent_as_choice_buttons_with_the_option_index() -> None:
    (message,) = plan([Reply(text="Question 2 of 3", quiz=quiz(fits=False))], same)
    assert isinstance(message, TextMessage)
    assert message.html == "Question 2 of 3\n\n<b>Which port does HTTPS use?</b>"
    assert message.keyboard is not None
    assert [row[0].text for row in message.keyboard.inline_keyboard] == ["80", "443", "22"]
    assert [row[0].callback_data for row in message.keyboard.inline_keyboard] == [
        "?answer 3f2a q1 0",
        "?answer 3f2a q1 1",
        "?answer 3f2a q1 2",
    ]


def test_buttons_are_encoded_by_the_given_codec() -> None:
    (message,) = plan([Reply(text="Hi", buttons=[Button(label="Courses", action="courses")])], lambda a: f"enc({a})")
    assert isinstance(message, TextMessage)
    assert message.keyboard is not None
    assert message.keyboard.inline_keyboard[0][0].callback_data == "enc(courses)"


def test_the_status_line_goes_under_the_text_in_italics() -> None:
    (message,) = plan([Reply(text="Module *1* done", context="Progress 40% <fast>")], same)
    assert isinstance(message, TextMessage)
    assert message.html == "Module <b>1</b> done\n\n<i>Progress 40% &lt;fast&gt;</i>"


def test_a_long_reply_is_split_and_its_keyboard_hangs_under_the_last_part() -> None:
    text = "\n\n".join(f"Part {n} " + "lorem ipsum " * 100 for n in range(10))
    messages = plan([Reply(text=text, buttons=[Button(label="Next", action="next")])], same)
    assert len(messages) > 1
    assert all(isinstance(m, TextMessage) for m in messages)
    assert [m.keyboard is not None for m in messages if isinstance(m, TextMessage)] == [False] * (len(messages) - 1) + [
        True
    ]


def test_a_document_is_sent_with_the_text_as_its_caption() -> None:
    reply = Reply(text="Read this", document=Document(title="Policy.pdf", url="https://f.io/p.pdf"))
    (message,) = plan([reply], same)
    assert isinstance(message, DocumentMessage)
    assert (message.url, message.caption_html) == ("https://f.io/p.pdf", "Read this\n\nPolicy.pdf")


def test_a_document_with_a_text_too_long_for_a_caption_follows_the_text() -> None:
    reply = Reply(text="x " * 800, document=Document(title="Policy.pdf", url="https://f.io/p.pdf"))
    messages = plan([reply], same)
    assert [type(m) for m in messages] == [TextMessage, DocumentMessage]


def test_a_link_only_reply_keeps_its_text_and_a_url_button() -> None:
    (message,) = plan([Reply(text="Watch", link=Link(label="Video", url="https://v.io/1"))], same)
    assert isinstance(message, TextMessage)
    assert message.keyboard is not None
    assert message.keyboard.inline_keyboard[0][0].url == "https://v.io/1"


def test_an_empty_reply_sends_nothing() -> None:
    assert plan([Reply(text="  ")], same) == []


def test_texts_with_nothing_to_press_are_joined_to_the_next_text() -> None:
    replies = [Reply(text="✅ Correct."), Reply(text="Question 2", buttons=[Button(label="A", action="a")])]
    (message,) = plan(replies, same)
    assert isinstance(message, TextMessage)
    assert message.html == "✅ Correct.\n\nQuestion 2"
    assert message.keyboard is not None


def test_a_text_with_buttons_is_not_joined_to_what_follows() -> None:
    replies = [Reply(text="Pick", buttons=[Button(label="A", action="a")]), Reply(text="Later")]
    assert [m.html for m in plan(replies, same) if isinstance(m, TextMessage)] == ["Pick", "Later"]


def test_texts_are_not_joined_beyond_the_message_limit() -> None:
    replies = [Reply(text="a" * 3000), Reply(text="b" * 3000)]
    assert len(plan(replies, same)) == 2


def test_a_quiz_said_to_fit_but_beyond_the_poll_limits_is_sent_as_buttons() -> None:
    too_many = quiz(fits=True).model_copy(update={"options": [f"option {n}" for n in range(13)]})
    long_explanation = quiz(fits=True).model_copy(update={"explanation": "x" * 201})
    for unfit in (too_many, long_explanation):
        (message,) = plan([Reply(text="Question", quiz=unfit)], same)
        assert isinstance(message, TextMessage)
