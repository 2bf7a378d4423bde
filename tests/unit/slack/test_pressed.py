from typing import Any

from adapters.slack.blocks import render
from adapters.slack.pressed import with_choice_shown
from domain.replies import Button, Reply


def rows(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [block for block in blocks if block["type"] == "actions"]


def test_an_answered_question_loses_its_option_row_and_shows_the_answer() -> None:
    choices = [Button(label="True", action="answer a 1 0"), Button(label="False", action="answer a 1 1")]
    [message] = render(Reply(text="Question 1", choices=choices))
    row = rows(message.blocks)[0]

    updated = with_choice_shown(message.blocks, str(row["block_id"]), "act-2", "False")

    assert updated is not None
    assert [block["type"] for block in updated] == ["section", "context"]
    assert updated[1]["elements"][0]["text"] == "You chose *False*"


def test_other_buttons_of_a_row_stay_when_one_is_pressed() -> None:
    buttons = [Button(label="Enroll in SEC-101", action="enroll SEC-101"), Button(label="Enroll in <X>", action="x")]
    [message] = render(Reply(text="Courses", buttons=buttons))
    row = rows(message.blocks)[0]

    updated = with_choice_shown(message.blocks, str(row["block_id"]), "act-1", "Enroll in SEC-101")

    assert updated is not None
    [remaining] = rows(updated)
    assert [element["text"]["text"] for element in remaining["elements"]] == ["Enroll in <X>"]
    assert updated[-1]["elements"][0]["text"] == "You chose *Enroll in SEC-101*"


def test_a_label_is_escaped_in_the_note() -> None:
    [message] = render(Reply(text="x", buttons=[Button(label="A & <B>", action="go")]))

    updated = with_choice_shown(message.blocks, str(rows(message.blocks)[0]["block_id"]), "act-1", "A & <B>")

    assert updated is not None
    assert updated[-1]["elements"][0]["text"] == "You chose *A &amp; &lt;B&gt;*"


def test_a_row_that_is_gone_leaves_the_message_alone() -> None:
    [message] = render(Reply(text="x", buttons=[Button(label="Go", action="go")]))

    assert with_choice_shown(message.blocks, "buttons-9", "act-1", "Go") is None
