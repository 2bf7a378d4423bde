"""What people ask of live training sessions. A session is named by its reference number (shown as S12)."""

from typing import Annotated

from pydantic import Field

from domain.messagebus import Command
from domain.models.enums import AttendanceStatus, SessionType

Reference = Annotated[int, Field(ge=1)]


class ScheduleSession(Command):
    """An instructor or admin schedules a session. Times are as typed, in the organization's time zone; the
    place is a meeting URL when it starts with http(s)://; the audience is a course or department code."""

    title: Annotated[str, Field(min_length=1, max_length=255)]
    start: Annotated[str, Field(min_length=1, max_length=40)]
    end: Annotated[str, Field(min_length=1, max_length=40)]
    place: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    audience: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    capacity: Annotated[int, Field(ge=1, le=100_000)] | None = None
    session_type: SessionType = SessionType.LIVE


class DraftSession(Command):
    """One step of the guided flow: the answers so far, in the order the flow asks for them."""

    answers: tuple[str, ...] = ()


class ListSessions(Command):
    """The upcoming sessions I may attend (staff: every upcoming one)."""


class ShowSession(Command):
    reference: Reference


class ChangeSession(Command):
    """Move a session or change its place or seats; None keeps what it has. Times as in ScheduleSession."""

    reference: Reference
    start: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    end: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    place: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    capacity: Annotated[int, Field(ge=1, le=100_000)] | None = None


class CancelSession(Command):
    reference: Reference


class RegisterForSession(Command):
    reference: Reference


class CancelRegistration(Command):
    reference: Reference


class CheckIn(Command):
    """Check in to a session I registered for (the button), while it is open."""

    reference: Reference


class CheckInWithCode(Command):
    """Check in with the code the instructor shows; registers me first when a seat is free."""

    code: Annotated[str, Field(min_length=4, max_length=12, pattern=r"^[A-Za-z]+$")]


class CheckOut(Command):
    reference: Reference


class MarkAttendance(Command):
    reference: Reference
    email: Annotated[str, Field(min_length=3, max_length=255)]
    status: AttendanceStatus
    note: Annotated[str, Field(max_length=1000)] | None = None


class ShowAttendance(Command):
    reference: Reference
