"""The chat words for sessions: references as S12, 12 or #12; the one-line form split on |; codes vs references."""

import pytest

from adapters.chat.phrases import full_grammar
from domain.errors import InvalidInput
from domain.messagebus import Command
from domain.models.enums import AttendanceStatus, SessionType
from domain.sessions.commands import (
    CancelRegistration,
    CancelSession,
    CheckIn,
    CheckInWithCode,
    CheckOut,
    DraftSession,
    ListSessions,
    MarkAttendance,
    RegisterForSession,
    ScheduleSession,
    ShowAttendance,
    ShowSession,
)

grammar = full_grammar()


def command(text: str) -> Command:
    parsed = grammar.parse(text)
    assert parsed is not None, text
    return parsed.command


@pytest.mark.parametrize("text", ["rsvp S12", "rsvp s12", "rsvp 12", "rsvp #12", "/RSVP S12"])
def test_a_session_is_named_by_its_reference_in_any_of_its_spellings(text: str) -> None:
    assert command(text) == RegisterForSession(reference=12)


def test_the_one_line_form_takes_optional_fields_and_dashes_for_blanks() -> None:
    assert command("session add Fire safety | 2026-12-08 10:00 | 11:30 | Room 4 | IT | 20 | Workshop") == (
        ScheduleSession(
            title="Fire safety",
            start="2026-12-08 10:00",
            end="11:30",
            place="Room 4",
            audience="IT",
            capacity=20,
            session_type=SessionType.WORKSHOP,
        )
    )
    assert command("session add Drill | 2026-12-08 10:00 | 11:30 | - | - | 5") == ScheduleSession(
        title="Drill", start="2026-12-08 10:00", end="11:30", capacity=5
    )


@pytest.mark.parametrize(
    "text",
    [
        "session add Drill | 2026-12-08 10:00",
        "session add Drill | 2026-12-08 10:00 | 11:00 | Room | IT | many",
        "session add Drill | 2026-12-08 10:00 | 11:00 | Room | IT | 0",
        "session add Drill | 2026-12-08 10:00 | 11:00 | Room | IT | 5 | party",
        "session add  | 2026-12-08 10:00 | 11:00",
        "session add a | b | c | d | e | 1 | live | extra",
        "rsvp tomorrow",
        "rsvp",
        "checkin",
        "checkin AB",
        "mark S1 tom@acme.example late",
        "mark S1 tom@acme.example",
        "attendance",
        "session",
        "session cancel",
    ],
)
def test_bad_arguments_get_the_usage(text: str) -> None:
    with pytest.raises(InvalidInput, match="Usage"):
        grammar.parse(text)


def test_check_in_takes_a_reference_or_a_code_and_codes_have_no_digits() -> None:
    assert command("checkin S3") == CheckIn(reference=3)
    assert command("checkin 3") == CheckIn(reference=3)
    assert command("checkin kxtrpm") == CheckInWithCode(code="kxtrpm")


def test_the_other_session_words() -> None:
    assert command("sessions") == ListSessions()
    assert command("rsvp cancel S4") == CancelRegistration(reference=4)
    assert command("checkout S4") == CheckOut(reference=4)
    assert command("attendance S4") == ShowAttendance(reference=4)
    assert command("session S4") == ShowSession(reference=4)
    assert command("session cancel S4") == CancelSession(reference=4)
    assert command("session new") == DraftSession()
    assert command("mark S4 tom@acme.example Excused a doctor's appointment") == MarkAttendance(
        reference=4, email="tom@acme.example", status=AttendanceStatus.EXCUSED, note="a doctor's appointment"
    )


def test_the_guided_flow_carries_its_answers_in_the_prompt() -> None:
    assert command("session guided | ") == DraftSession()
    assert command("session guided | Fire drill") == DraftSession(answers=("Fire drill",))
    assert command("session guided | Fire drill | 2026-12-08 10:00") == DraftSession(
        answers=("Fire drill", "2026-12-08 10:00")
    )
