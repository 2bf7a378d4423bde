"""`learnbot session ...`: live training sessions from the command line; attendance as CSV for spreadsheets."""

import argparse
import re
from datetime import datetime, tzinfo
from typing import Any

from bot.commands.common import in_organization
from bot.commands.reports import write
from bot.runtime import Database
from domain.errors import InvalidInput
from domain.sessions.finding import label
from domain.sessions.operations import ExportAttendance, ExportSessions

ATTENDANCE_COLUMNS = (
    "session",
    "title",
    "start",
    "end",
    "name",
    "email",
    "employee_id",
    "department",
    "status",
    "check_in_time",
    "check_out_time",
    "notes",
)
LIST_COLUMNS = ("session", "title", "type", "status", "start", "end", "location", "meeting_url", "seats", "registered")
REFERENCE = re.compile(r"[Ss#]?(\d{1,9})")


def local(moment: datetime | None, zone: tzinfo) -> str:
    """ISO 8601 in the organization's zone, with its offset, so spreadsheets and people read the same time."""
    return "" if moment is None else moment.astimezone(zone).isoformat(timespec="seconds")


def reference_of(text: str) -> int:
    match = REFERENCE.fullmatch(text.strip())
    if match is None:
        raise InvalidInput(f"'{text}' is no session reference; write it as S12 (see `learnbot session list`).")
    return int(match.group(1))


async def attendance_csv(db: Database, args: argparse.Namespace) -> int:
    """One row per person with an attendance record for the session, times in the organization's zone."""
    sheet = await in_organization(db, args.org, ExportAttendance(reference=reference_of(args.session)))
    training, zone = sheet.training, sheet.zone
    head: tuple[Any, ...] = (
        label(training.reference),
        training.title,
        local(training.start_time, zone),
        local(training.end_time, zone),
    )
    rows = [
        (
            *head,
            person.name,
            person.email,
            person.employee_id,
            person.department or "",
            person.status,
            local(person.check_in_time, zone),
            local(person.check_out_time, zone),
            person.notes or "",
        )
        for person in sheet.people
    ]
    write(args.output, ATTENDANCE_COLUMNS, rows)
    return 0


async def list_csv(db: Database, args: argparse.Namespace) -> int:
    """Every session of the organization, soonest first."""
    sheet = await in_organization(db, args.org, ExportSessions())
    zone = sheet.zone
    rows = [
        (
            label(t.reference),
            t.title,
            t.session_type or "",
            t.status or "",
            local(t.start_time, zone),
            local(t.end_time, zone),
            t.location or "",
            t.meeting_url or "",
            t.max_participants or "",
            seats,
        )
        for t, seats in sheet.sessions
    ]
    write(args.output, LIST_COLUMNS, rows)
    return 0


def register(commands: Any) -> None:
    session = commands.add_parser("session", help="live training sessions: list, attendance as CSV").add_subparsers(
        metavar="ACTION", required=True
    )
    attendance = session.add_parser("attendance", help="a session's attendance as CSV")
    attendance.add_argument("session", metavar="SESSION", help="the session's reference, e.g. S12")
    listing = session.add_parser("list", help="every session of the organization as CSV")
    for parser, handler in ((attendance, attendance_csv), (listing, list_csv)):
        parser.add_argument("--org", required=True, metavar="SLUG", help="the organization's slug")
        parser.add_argument("-o", "--output", metavar="FILE", help="write the CSV here instead of to stdout")
        parser.set_defaults(handler=handler)
