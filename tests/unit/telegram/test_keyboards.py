import pytest

from adapters.telegram.keyboards import CallbackDataTooLong, choice_action, keyboard, pressed_label
from domain.replies import Button, Link


def tagged(action: str) -> str:
    return f"tag:{action}"


def test_choices_get_a_row_each_and_come_first_marked_as_choices() -> None:
    markup = keyboard(
        tagged, choices=[Button(label="Paris", action="answer 1"), Button(label="Rome", action="answer 2")]
    )
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Paris"], ["Rome"]]
    assert [choice_action(str(row[0].callback_data)) for row in markup.inline_keyboard] == [
        ("tag:answer 1", True),
        ("tag:answer 2", True),
    ]


def test_short_buttons_share_a_row_and_long_ones_get_their_own() -> None:
    buttons = [
        Button(label=label, action=label) for label in ("Next", "Back", "Menu", "Help", "A much longer label here")
    ]
    markup = keyboard(tagged, buttons=buttons)
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [
        ["Next", "Back", "Menu"],
        ["Help"],
        ["A much longer label here"],
    ]
    assert choice_action(str(markup.inline_keyboard[0][0].callback_data)) == ("tag:Next", False)


def test_a_link_becomes_a_url_button_under_the_rest() -> None:
    markup = keyboard(
        tagged, buttons=[Button(label="Next", action="next")], link=Link(label="Guide", url="https://g.io")
    )
    assert markup is not None
    assert markup.inline_keyboard[-1][0].url == "https://g.io"
    assert markup.inline_keyboard[-1][0].callback_data is None


def test_a_link_that_is_not_a_web_address_gets_no_button() -> None:
    assert keyboard(tagged, link=Link(label="Bad", url="javascript:alert(1)")) is None


def test_nothing_to_press_means_no_keyboard() -> None:
    assert keyboard(tagged) is None


def test_callback_data_over_64_bytes_is_refused_for_buttons() -> None:
    with pytest.raises(CallbackDataTooLong):
        keyboard(lambda action: "x" * 65, buttons=[Button(label="B", action="b")])


def test_a_choice_whose_data_fills_64_bytes_is_sent_unmarked() -> None:
    markup = keyboard(lambda action: "y" * 64, choices=[Button(label="C", action="c")])
    assert markup is not None
    assert markup.inline_keyboard[0][0].callback_data == "y" * 64


def test_the_label_of_the_pressed_button_is_found_in_its_keyboard() -> None:
    markup = keyboard(tagged, choices=[Button(label="Paris", action="answer 1")])
    assert markup is not None
    data = str(markup.inline_keyboard[0][0].callback_data)
    assert pressed_label(markup, data) == "Paris"
    assert pressed_label(markup, "other") is None
    assert pressed_label(None, data) is None
