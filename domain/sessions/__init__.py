"""Live training sessions: scheduling, RSVPs with a seat limit, check-in while open, attendance, reminders
before the start (domain/sessions/reminders.py) and notices of a change or cancellation (notices.py).

Every time rule reads the Clock given to `handlers` and `event_handlers`, so tests (and nothing else) can set
the time.
"""

from collections.abc import Awaitable, Callable, Sequence
from functools import partial

from domain.clock import Clock, SystemClock
from domain.events import Event
from domain.messagebus import Command, EventHandler, Handler
from domain.replies import Reply
from domain.sessions.attendance import mark_attendance, show_attendance
from domain.sessions.changing import cancel_session, change_session
from domain.sessions.checking_in import check_in, check_in_with_code, check_out
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
from domain.sessions.events import SessionCancelled, SessionChanged
from domain.sessions.guided import draft_session
from domain.sessions.listing import list_sessions, show_session
from domain.sessions.notices import session_cancelled, session_changed
from domain.sessions.registration import cancel_registration, register_for_session
from domain.sessions.scheduling import schedule_session

HANDLERS_WITH_CLOCK: dict[type[Command], Callable[..., Awaitable[list[Reply]]]] = {
    ScheduleSession: schedule_session,
    DraftSession: draft_session,
    CancelSession: cancel_session,
    ChangeSession: change_session,
    ListSessions: list_sessions,
    ShowSession: show_session,
    RegisterForSession: register_for_session,
    CancelRegistration: cancel_registration,
    CheckIn: check_in,
    CheckInWithCode: check_in_with_code,
    CheckOut: check_out,
    MarkAttendance: mark_attendance,
    ShowAttendance: show_attendance,
}


def handlers(clock: Clock | None = None) -> dict[type[Command], Handler]:
    """The area's handlers, reading `clock` (the system's by default)."""
    now_from = clock or SystemClock()
    return {command: partial(handler, clock=now_from) for command, handler in HANDLERS_WITH_CLOCK.items()}


def event_handlers(clock: Clock | None = None) -> dict[type[Event], Sequence[EventHandler]]:
    """The notices to the people registered when a session changes or is cancelled, reading `clock`."""
    now_from = clock or SystemClock()
    return {
        SessionChanged: [partial(session_changed, clock=now_from)],
        SessionCancelled: [partial(session_cancelled, clock=now_from)],
    }


__all__ = ["event_handlers", "handlers"]
