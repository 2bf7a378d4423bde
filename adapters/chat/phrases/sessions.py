"""Chat words for live training sessions. A session is named by its reference: S12 (also 12 or #12)."""

import re
from collections.abc import Mapping
from typing import Any

from adapters.chat.grammar import Audience, Grammar, Phrase, Words, Writer, Writes
from domain.messagebus import Command
from domain.sessions.commands import (
    CancelRegistration,
    CancelSession,
    ChangeSession,
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

REFERENCE = re.compile(r"[Ss#]?(\d{1,9})")
SKIP = "-"
MARKS = ("attended", "absent", "excused")
ADD_USAGE = "session add TITLE | START | END [| PLACE | COURSE-or-DEPT | SEATS | TYPE]"


def reference(words: Words, token: str) -> int:
    match = REFERENCE.fullmatch(token)
    if match is None:
        words.fail()
    return int(match.group(1))


def fields(text: str) -> list[str]:
    return [field.strip() for field in text.split("|")]


def optional(value: str | None) -> str | None:
    return None if value is None or value in ("", SKIP) else value


def session(words: Words) -> Command:
    """session add ... | session new | session cancel S12 | session S12"""
    tokens = words.tokens
    if not tokens:
        words.fail()
    verb = tokens[0].lower()
    if verb == "add":
        return schedule(words, fields(words.rest_after(1)))
    if verb == "new" and len(tokens) == 1:
        return DraftSession()
    if verb == "guided":
        rest = words.text.split(None, 1)[1] if len(tokens) > 1 else ""
        answers = rest.strip().removeprefix("|").strip()
        return DraftSession(answers=tuple(fields(answers))) if answers else DraftSession()
    if verb == "change":
        return change(words, fields(words.rest_after(1)))
    if verb == "cancel" and len(tokens) == 2:
        return words.make(CancelSession, reference=reference(words, tokens[1]))
    if len(tokens) == 1:
        return words.make(ShowSession, reference=reference(words, tokens[0]))
    words.fail()


def schedule(words: Words, parts: list[str]) -> Command:
    if not 3 <= len(parts) <= 7:
        words.fail()
    title, start, end, *rest = parts + [SKIP] * (7 - len(parts))
    place, audience, seats, kind = (optional(value) for value in rest)
    if seats is not None and not seats.isdigit():
        words.fail()
    return words.make(
        ScheduleSession,
        title=title,
        start=start,
        end=end,
        place=place,
        audience=audience,
        capacity=int(seats) if seats is not None else None,
        session_type=kind.lower() if kind is not None else "live",
    )


def change(words: Words, parts: list[str]) -> Command:
    """session change S12 | START | END [| PLACE | SEATS], a - keeping what is there."""
    if not 2 <= len(parts) <= 5:
        words.fail()
    target, *rest = parts + [SKIP] * (5 - len(parts))
    start, end, place, seats = (optional(value) for value in rest)
    if seats is not None and not seats.isdigit():
        words.fail()
    return words.make(
        ChangeSession,
        reference=reference(words, target),
        start=start,
        end=end,
        place=place,
        capacity=int(seats) if seats is not None else None,
    )


def sessions(words: Words) -> Command:
    words.none()
    return ListSessions()


def rsvp(words: Words) -> Command:
    """rsvp S12 | rsvp cancel S12"""
    tokens = words.tokens
    if len(tokens) == 2 and tokens[0].lower() == "cancel":
        return words.make(CancelRegistration, reference=reference(words, tokens[1]))
    return words.make(RegisterForSession, reference=reference(words, words.exactly(1)[0]))


def checkin(words: Words) -> Command:
    """checkin S12 (registered, while open) | checkin CODE (the code shown in the room)"""
    (token,) = words.exactly(1)
    if REFERENCE.fullmatch(token):
        return words.make(CheckIn, reference=reference(words, token))
    return words.make(CheckInWithCode, code=token)


def checkout(words: Words) -> Command:
    return words.make(CheckOut, reference=reference(words, words.exactly(1)[0]))


def attendance(words: Words) -> Command:
    return words.make(ShowAttendance, reference=reference(words, words.exactly(1)[0]))


def mark(words: Words) -> Command:
    """mark S12 EMAIL attended|absent|excused [NOTE]"""
    tokens = words.tokens
    if len(tokens) < 3 or tokens[2].lower() not in MARKS:
        words.fail()
    note = words.rest_after(3) if len(tokens) > 3 else None
    return words.make(
        MarkAttendance, reference=reference(words, tokens[0]), email=tokens[1], status=tokens[2].lower(), note=note
    )


def session_words(*lead: str) -> Writer:
    """A button's words for a session: `lead` and its reference as people type it (rsvp cancel S12)."""
    return lambda values: [*lead, f"S{values['reference']}"]


def guided_words(values: Mapping[str, Any]) -> list[str]:
    """session guided | ANSWER | ANSWER ...: the guided flow's answers so far (its prompt adds " | " and the next)."""
    return ["guided", *(f"| {answer}" for answer in values.get("answers", ()))]


def register(grammar: Grammar) -> None:
    add = grammar.add
    staff = Audience.STAFF
    add(
        Phrase(
            ("sessions",),
            ListSessions,
            sessions,
            "sessions",
            "upcoming live sessions: RSVP, check in",
            arguments=(),
        )
    )
    add(
        Phrase(
            ("rsvp",),
            RegisterForSession,
            rsvp,
            "rsvp S12 | rsvp cancel S12",
            "take or give back a seat",
            writes=(
                Writes(RegisterForSession, write=session_words()),
                Writes(CancelRegistration, write=session_words("cancel")),
            ),
        )
    )
    add(
        Phrase(
            ("checkin",),
            CheckInWithCode,
            checkin,
            "checkin CODE | checkin S12",
            "check in to a session that is open (15 min before the start until the end)",
            example="checkin KXTRPM",
            writes=(Writes(CheckIn, write=session_words()),),
        )
    )
    add(
        Phrase(
            ("checkout",),
            CheckOut,
            checkout,
            "checkout S12",
            "check out of a session",
            writes=(Writes(CheckOut, write=session_words()),),
        )
    )
    add(
        Phrase(
            ("session",),
            ScheduleSession,
            session,
            ADD_USAGE,
            "schedule a live session in your time zone (`session new` asks step by step; "
            "`session S12` shows one, `session change S12 | START | END | PLACE | SEATS` changes it, "
            "`session cancel S12` cancels it)",
            staff,
            example="session add Fire safety | 2026-12-08 10:00 | 11:30 | Room 4 | IT | 20 | workshop",
            writes=(Writes(DraftSession, write=guided_words, then=" | "),),
        )
    )
    add(
        Phrase(
            ("attendance",),
            ShowAttendance,
            attendance,
            "attendance S12",
            "who registered, attended, was absent or excused",
            staff,
            writes=(Writes(ShowAttendance, write=session_words()),),
        )
    )
    add(
        Phrase(
            ("mark",),
            MarkAttendance,
            mark,
            "mark S12 EMAIL attended|absent|excused [NOTE]",
            "record someone's attendance",
            staff,
            example="mark S12 tom@acme.example excused doctor's appointment",
        )
    )
