"""Inline keyboards: a reply's choices (one per row), then its buttons, then its link as a URL button."""

from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from adapters.telegram.markup import is_safe_url
from domain.replies import Button, Link

CALLBACK_DATA_LIMIT = 64
# Marks the callback data of a choice, so the pressed question can be shown as answered. The action codec's
# output never starts with it (adapters/chat/codec.py: it starts with a URL-safe base64 tag).
CHOICE_MARK = "?"
# Short buttons share a row up to this many; longer labels get a row each so they are not cut off.
ROW_WIDTH = 3
SHORT_LABEL = 16

Encode = Callable[[str], str]


class CallbackDataTooLong(ValueError):
    """The action codec produced more than Telegram's 64 bytes: a bug in the codec or an oversized action."""


def keyboard(
    encode: Encode,
    choices: Sequence[Button] = (),
    buttons: Sequence[Button] = (),
    link: Link | None = None,
) -> InlineKeyboardMarkup | None:
    """The inline keyboard for these choices, buttons and link; None when there is nothing to press."""
    rows: list[list[InlineKeyboardButton]] = [[_pressable(choice, encode, choice=True)] for choice in choices]
    rows.extend(_rows([_pressable(button, encode, choice=False) for button in buttons]))
    if link is not None and is_safe_url(link.url):
        rows.append([InlineKeyboardButton(link.label, url=link.url)])
    return InlineKeyboardMarkup(rows) if rows else None


def choice_action(callback_data: str) -> tuple[str, bool]:
    """The encoded action in callback data, and whether it was a choice answering a question."""
    if callback_data.startswith(CHOICE_MARK):
        return callback_data[len(CHOICE_MARK) :], True
    return callback_data, False


def pressed_label(markup: InlineKeyboardMarkup | None, callback_data: str) -> str | None:
    """The label of the button carrying this callback data, if the keyboard still shows it."""
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == callback_data:
                return button.text
    return None


def _pressable(button: Button, encode: Encode, *, choice: bool) -> InlineKeyboardButton:
    data = (CHOICE_MARK if choice else "") + encode(button.action)
    if len(data.encode()) > CALLBACK_DATA_LIMIT:
        if not choice:
            raise CallbackDataTooLong(f"callback data for {button.action!r} is {len(data.encode())} bytes")
        # A choice still works unmarked; only the "answered" edit of the question is lost.
        data = data[len(CHOICE_MARK) :]
        if len(data.encode()) > CALLBACK_DATA_LIMIT:
            raise CallbackDataTooLong(f"callback data for {button.action!r} is {len(data.encode())} bytes")
    return InlineKeyboardButton(button.label, callback_data=data)


def _rows(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    rows: list[list[InlineKeyboardButton]] = []
    for button in buttons:
        last = rows[-1] if rows else None
        fits_beside = (
            last is not None
            and len(last) < ROW_WIDTH
            and len(button.text) <= SHORT_LABEL
            and all(len(other.text) <= SHORT_LABEL for other in last)
        )
        if last is not None and fits_beside:
            last.append(button)
        else:
            rows.append([button])
    return rows
