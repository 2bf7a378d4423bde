"""The button-action codec: compact, within Telegram's 64 bytes, and refusing forged or foreign data."""

import uuid
from pathlib import Path

import pytest

from adapters.chat.codec import (
    EXPIRES_AFTER_DAYS,
    TELEGRAM_LIMIT,
    ActionCodec,
    ActionTooLong,
    ExpiredAction,
    RefusedAction,
    load_secret_key,
)

KEY = b"k" * 32
codec = ActionCodec(KEY)
ATTEMPT = uuid.UUID("3f2a0c1e-7b4d-4e8f-9a6b-1c2d3e4f5a6b")


def test_an_action_comes_back_as_it_was_for_the_person_it_was_made_for() -> None:
    data = codec.encode("enroll SEC-101", for_user="4711")
    assert codec.decode(data, pressed_by="4711") == "enroll SEC-101"


def test_uuids_are_compacted_so_an_answer_with_two_ids_fits_in_64_bytes() -> None:
    action = f"done {ATTEMPT} {uuid.uuid4()}"
    data = codec.encode(action, for_user="U012ABCDEF")
    assert len(data.encode()) <= TELEGRAM_LIMIT
    assert codec.decode(data, pressed_by="U012ABCDEF") == action


def test_an_answer_action_with_an_appended_option_round_trips() -> None:
    action = f"answer {ATTEMPT} 3 2"
    assert codec.decode(codec.encode(action, "1"), "1") == action


def test_an_action_too_long_for_telegram_is_refused_when_encoding() -> None:
    with pytest.raises(ActionTooLong):
        codec.encode("enroll " + "X" * 60, for_user="1")


def test_a_larger_limit_allows_longer_actions_for_other_platforms() -> None:
    action = "enroll " + "X" * 200
    assert codec.decode(codec.encode(action, "1", limit=2000), "1") == action


def test_a_button_pressed_by_someone_else_is_refused_with_a_friendly_message() -> None:
    data = codec.encode("drop SEC-101", for_user="alice")
    with pytest.raises(RefusedAction) as refused:
        codec.decode(data, pressed_by="mallory")
    assert "not made for you" in refused.value.message


@pytest.mark.parametrize(
    "forged",
    [
        "drop SEC-101",  # no tag at all
        "AAAAAAAAAAAdrop SEC-101",  # a made-up tag
        "",
        "short",
        "é" * 40,  # compare_digest refuses non-ASCII str: this once answered with the generic error
        "é" * 11 + "drop SEC-101",
        "AAAAAAAAAA" + "é" * 2 + "my",
    ],
)
def test_forged_data_is_refused(forged: str) -> None:
    with pytest.raises(RefusedAction):
        codec.decode(forged, pressed_by="alice")


def test_altering_the_action_of_a_genuine_button_is_refused() -> None:
    data = codec.encode("enroll SEC-101", for_user="alice")
    with pytest.raises(RefusedAction):
        codec.decode(data.replace("SEC-101", "SEC-102"), pressed_by="alice")


def test_a_button_made_with_another_key_is_refused() -> None:
    data = ActionCodec(b"another key of 32 bytes, or so..").encode("my", for_user="alice")
    with pytest.raises(RefusedAction):
        codec.decode(data, pressed_by="alice")


def test_a_token_that_looks_like_a_compacted_uuid_survives_the_round_trip() -> None:
    action = "department ~OPS Operations"
    assert codec.decode(codec.encode(action, "a"), "a") == action


def test_the_key_is_generated_once_and_kept_in_the_data_directory(tmp_path: Path) -> None:
    first = load_secret_key(None, tmp_path / "data")
    assert len(first) >= 32
    assert load_secret_key(None, tmp_path / "data") == first
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0


def test_a_configured_key_wins_over_the_kept_one(tmp_path: Path) -> None:
    assert load_secret_key("configured-secret-of-enough-length", tmp_path) == b"configured-secret-of-enough-length"
    assert not (tmp_path / "secret_key").exists()


def test_a_too_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        ActionCodec(b"short")


class Calendar:
    """A clock of day numbers that tests turn forward."""

    def __init__(self, day: int = 20_000) -> None:
        self.day = day

    def __call__(self) -> int:
        return self.day


def test_a_button_works_until_it_expires_then_says_it_expired() -> None:
    calendar = Calendar()
    dated = ActionCodec(KEY, clock=calendar)
    data = dated.encode("done 42", for_user="alice")
    calendar.day += EXPIRES_AFTER_DAYS
    assert dated.decode(data, pressed_by="alice") == "done 42"
    calendar.day += 1
    with pytest.raises(ExpiredAction) as expired:
        dated.decode(data, pressed_by="alice")
    assert "expired" in expired.value.message


def test_a_button_stays_expired_years_later() -> None:
    calendar = Calendar()
    dated = ActionCodec(KEY, clock=calendar)
    data = dated.encode("my", for_user="alice")
    for years in (1, 5, 10):
        calendar.day = 20_000 + 365 * years
        with pytest.raises(ExpiredAction):
            dated.decode(data, pressed_by="alice")


def test_a_button_from_an_instance_whose_clock_passed_midnight_already_works() -> None:
    calendar = Calendar()
    dated = ActionCodec(KEY, clock=calendar)
    calendar.day += 1
    data = dated.encode("my", for_user="alice")
    calendar.day -= 1
    assert dated.decode(data, pressed_by="alice") == "my"


def test_moving_a_button_to_another_day_is_refused_as_forged() -> None:
    calendar = Calendar()
    dated = ActionCodec(KEY, clock=calendar)
    data = dated.encode("my", for_user="alice")
    calendar.day += 30
    fresh_day = dated.encode("my", for_user="alice")[10:12]
    with pytest.raises(RefusedAction):
        dated.decode(data[:10] + fresh_day + data[12:], pressed_by="alice")
