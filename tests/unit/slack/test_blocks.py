import logging
from typing import Any

import pytest

from adapters.chat.codec import ActionCodec, RefusedAction
from adapters.slack.blocks import render, render_all
from adapters.slack.home import home_view
from domain.replies import Button, Document, Link, Quiz, Reply


def of_type(blocks: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [block for block in blocks if block["type"] == kind]


def elements(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [element for block in of_type(blocks, "actions") for element in block["elements"]]


def test_text_becomes_a_mrkdwn_section_and_the_notification_text() -> None:
    [message] = render(Reply(text="*Welcome* to [LearnBot](https://learnbot.example)"))

    assert message.blocks == [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Welcome* to <https://learnbot.example|LearnBot>"}}
    ]
    assert message.text == "*Welcome* to <https://learnbot.example|LearnBot>"


def test_buttons_carry_their_action_as_value_with_unique_action_ids() -> None:
    reply = Reply(
        text="Security 101",
        buttons=[Button(label="Enroll", action="enroll SEC-101", style="primary"), Button(label="Info", action="info")],
    )

    [message] = render(reply)

    buttons = elements(message.blocks)
    assert [(b["text"]["text"], b["value"]) for b in buttons] == [("Enroll", "enroll SEC-101"), ("Info", "info")]
    assert buttons[0]["style"] == "primary"
    assert "style" not in buttons[1]
    assert len({b["action_id"] for b in buttons}) == 2


def test_button_values_go_through_the_platform_encoding() -> None:
    reply = Reply(text="x", buttons=[Button(label="Go", action="continue")])

    [message] = render(reply, encode=lambda action: f"v1:{action}")

    assert elements(message.blocks)[0]["value"] == "v1:continue"


def test_a_long_button_label_is_cut_to_75_characters() -> None:
    [message] = render(Reply(text="x", buttons=[Button(label="L" * 200, action="go")]))

    label = elements(message.blocks)[0]["text"]["text"]
    assert len(label) == 75
    assert label.endswith("…")


def test_a_button_whose_value_exceeds_2000_characters_is_left_out_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    reply = Reply(
        text="x", buttons=[Button(label="Too big", action="a" * 2001), Button(label="Fine", action="a" * 2000)]
    )

    with caplog.at_level(logging.ERROR):
        [message] = render(reply)

    assert [b["text"]["text"] for b in elements(message.blocks)] == ["Fine"]
    assert "2001" in caplog.text


def test_choices_are_buttons_with_their_labels() -> None:
    reply = Reply(
        text="Pick one", choices=[Button(label="Yes", action="answer 1"), Button(label="No", action="answer 2")]
    )

    [message] = render(reply)

    assert [(b["text"]["text"], b["value"]) for b in elements(message.blocks)] == [
        ("Yes", "answer 1"),
        ("No", "answer 2"),
    ]


def test_choices_too_long_for_a_button_are_listed_and_the_buttons_numbered() -> None:
    long_option = "An option that explains itself at great length, far beyond what a Slack button can show"
    reply = Reply(text="Pick", choices=[Button(label=long_option, action="a 0"), Button(label="Short", action="a 1")])

    [message] = render(reply)

    listing = of_type(message.blocks, "section")[1]["text"]["text"]
    assert listing == f"*1.* {long_option}\n*2.* Short"
    assert [b["text"]["text"] for b in elements(message.blocks)] == ["1", "2"]


def test_a_quiz_shows_the_question_and_one_button_per_option_with_the_index_appended() -> None:
    quiz = Quiz(question="Which is a strong password?", options=["1234", "correct horse battery staple"],
                answer_action="answer 3f2a q1 ")  # fmt: skip

    [message] = render(Reply(text="Question 1 of 3", quiz=quiz))

    sections = [block["text"]["text"] for block in of_type(message.blocks, "section")]
    assert sections == ["Question 1 of 3", "*Which is a strong password?*"]
    assert [b["value"] for b in elements(message.blocks)] == ["answer 3f2a q1 0", "answer 3f2a q1 1"]


def test_a_link_is_a_url_button() -> None:
    [message] = render(Reply(text="Watch", link=Link(label="Open video", url="https://videos.example/1")))

    [button] = elements(message.blocks)
    assert (button["text"]["text"], button["url"]) == ("Open video", "https://videos.example/1")
    assert "value" not in button


def test_a_document_is_a_section_with_a_link_and_its_size() -> None:
    document = Document(title="Policy & rules.pdf", url="https://files.example/p.pdf", size_bytes=2_621_440)

    [message] = render(Reply(text="Read this", document=document))

    assert of_type(message.blocks, "section")[1]["text"]["text"] == (
        ":page_facing_up: <https://files.example/p.pdf|Policy &amp; rules.pdf> (2.5 MB)"
    )


def test_the_progress_line_is_a_context_block_at_the_end() -> None:
    [message] = render(Reply(text="Done!", buttons=[Button(label="Next", action="next")], context="Progress *40%*"))

    assert message.blocks[-1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": "Progress *40%*"}]}


def test_long_text_is_split_into_sections_of_at_most_3000_characters() -> None:
    text = "\n\n".join(f"Paragraph {n}: " + "lorem ipsum " * 50 for n in range(30))

    [message] = render(Reply(text=text))

    sections = of_type(message.blocks, "section")
    assert len(sections) > 1
    assert all(len(block["text"]["text"]) <= 3000 for block in sections)


def test_more_than_50_blocks_become_several_messages() -> None:
    text = "\n\n".join("x" * 2000 for _ in range(60))

    messages = render(Reply(text=text, context="Progress 10%"))

    assert len(messages) == 2
    assert [len(message.blocks) for message in messages] == [50, 11]
    assert all(message.text for message in messages)
    assert messages[-1].blocks[-1]["type"] == "context"


def test_more_than_25_choices_take_several_action_rows() -> None:
    choices = [Button(label=f"Option {n}", action=f"answer {n}") for n in range(30)]

    [message] = render(Reply(text="Pick", choices=choices))

    rows = of_type(message.blocks, "actions")
    assert [len(row["elements"]) for row in rows] == [25, 5]
    assert len({row["block_id"] for row in rows}) == 2
    assert len({element["action_id"] for element in elements(message.blocks)}) == 30


def test_action_ids_are_unique_across_quiz_options_buttons_and_link() -> None:
    reply = Reply(
        text="All of it",
        quiz=Quiz(question="Q?", options=["a", "b"], answer_action="answer x "),
        buttons=[Button(label="d", action="d")],
        link=Link(label="e", url="https://e.example"),
    )

    [message] = render(reply)

    ids = [element["action_id"] for element in elements(message.blocks)]
    assert len(ids) == len(set(ids)) == 4
    assert len({block["block_id"] for block in of_type(message.blocks, "actions")}) == 3


def test_an_empty_reply_posts_nothing() -> None:
    assert render_all([Reply(text="  ")]) == []


def test_each_reply_is_its_own_message() -> None:
    assert len(render_all([Reply(text="one"), Reply(text="two")])) == 2


def test_the_home_view_has_a_title_the_replies_and_at_most_100_blocks() -> None:
    replies = [Reply(text=f"Course {n}", context=f"Progress {n}%") for n in range(60)]

    view = home_view(replies)

    assert view["type"] == "home"
    assert view["blocks"][0]["type"] == "header"
    assert view["blocks"][1]["text"]["text"] == "Course 0"
    assert len(view["blocks"]) == 100
    assert view["blocks"][-1]["type"] == "context"


def test_the_home_view_with_nothing_to_show_says_how_to_start() -> None:
    view = home_view([])

    assert "help" in view["blocks"][1]["text"]["text"]


def test_a_question_given_as_both_choices_and_quiz_shows_its_options_once() -> None:
    quiz = Quiz(question="Is MFA useful?", options=["True", "False"], answer_action="answer a1 2 ")
    choices = [Button(label="True", action="answer a1 2 0"), Button(label="False", action="answer a1 2 1")]

    [message] = render(Reply(text="*Question 2 of 5*\nIs MFA useful?", choices=choices, quiz=quiz))

    assert [b["text"]["text"] for b in elements(message.blocks)] == ["True", "False"]
    assert len(of_type(message.blocks, "section")) == 1


def test_button_values_signed_by_the_codec_decode_back_for_the_same_person_only() -> None:
    codec = ActionCodec(b"0123456789abcdef0123456789abcdef")
    action = "answer 3f2a4b5c-1d2e-4f00-9a8b-7c6d5e4f3a2b 2 1"
    reply = Reply(text="x", buttons=[Button(label="Go", action=action)])

    [message] = render(reply, encode=lambda a: codec.encode(a, for_user="U1", limit=2000))

    value = elements(message.blocks)[0]["value"]
    assert codec.decode(value, pressed_by="U1") == action
    with pytest.raises(RefusedAction):
        codec.decode(value, pressed_by="U2")


def test_a_button_the_codec_cannot_encode_is_left_out_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    codec = ActionCodec(b"0123456789abcdef0123456789abcdef")
    buttons = [Button(label="Long", action="enroll " + "X" * 60), Button(label="Short", action="my")]

    with caplog.at_level(logging.ERROR):
        [message] = render(Reply(text="x", buttons=buttons), encode=lambda a: codec.encode(a, "U1", limit=40))

    assert [b["text"]["text"] for b in elements(message.blocks)] == ["Short"]
    assert "cannot be encoded" in caplog.text
