"""What the people registered for a session read when LearnBot reminds them of it or tells them it changed, and
what whoever changed it reads back (the count told)."""

from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from domain.clock import local_time
from domain.models import TrainingSession
from domain.replies import Button, Link, Reply, literal
from domain.sessions import texts
from domain.sessions.commands import CancelRegistration, CheckIn, ListSessions
from domain.sessions.finding import label
from domain.sessions.reminder_rules import time_left
from domain.sessions.times import is_open, when


def reminder_reply(row: Any, zone: ZoneInfo, now: datetime) -> Reply:
    """What the registered person reads: title, time left, start in the organization's zone, place or link, and
    Check in (while check-in is open) or Cancel my seat."""
    reference = label(row.reference)
    open_now = is_open(row.start_time, row.end_time, now)
    words = texts.REMINDER.format(
        reference=reference,
        title=literal(row.title),
        left=time_left(row.start_time - now),
        when=when(row.start_time, row.end_time, zone),
        place=place_line(row.location, row.meeting_url),
        next_step=texts.REMINDER_OPEN if open_now else texts.REMINDER_BEFORE,
    )
    if open_now:
        button = Button(label=texts.REMINDER_CHECK_IN, command=CheckIn(reference=row.reference), style="primary")
    else:
        button = Button(label=texts.CANCEL_MY_SEAT, command=CancelRegistration(reference=row.reference))
    return Reply(text=words, buttons=[button], link=meeting_link(row.meeting_url))


def place_line(location: str | None, meeting_url: str | None) -> str:
    """The room; a meeting URL goes in the link (or here, as typed, when it is no link a platform takes)."""
    if location:
        return f"\n📍 {literal(location)}"
    if meeting_url and meeting_link(meeting_url) is None:
        return f"\n📍 {literal(meeting_url)}"
    return ""


def meeting_link(url: str | None) -> Link | None:
    """The meeting URL as a link, when it is one a platform takes (a row written by SQL may hold anything)."""
    if not url or len(url) > 2000 or any(character.isspace() for character in url):
        return None
    if not url.lower().startswith(("https://", "http://")):
        return None
    return Link(label=texts.JOIN_MEETING, url=url)


def change_notice(
    training: TrainingSession, changes: dict[str, tuple[object, object]], zone: tzinfo, now: datetime
) -> Reply:
    """What changed, before -> after, for the people registered."""

    def before(column: str) -> object:
        return changes[column][0] if column in changes else getattr(training, column)

    lines = []
    if "start_time" in changes or "end_time" in changes:
        old_start, old_end = before("start_time"), before("end_time")
        assert isinstance(old_start, datetime)
        assert isinstance(old_end, datetime)
        lines.append(
            texts.CHANGED_TIME.format(
                before=when(old_start, old_end, zone), after=when(training.start_time, training.end_time, zone)
            )
        )
    if "location" in changes or "meeting_url" in changes:
        old_place = before("location") or before("meeting_url")
        new_place = training.location or training.meeting_url
        lines.append(
            texts.CHANGED_PLACE.format(
                before=literal(old_place) if old_place else texts.NO_PLACE,
                after=literal(new_place) if new_place else texts.NO_PLACE,
            )
        )
    if "max_participants" in changes:
        old_seats = before("max_participants")
        lines.append(
            texts.CHANGED_SEATS.format(
                before=old_seats or texts.NO_LIMIT, after=training.max_participants or texts.NO_LIMIT
            )
        )
    reference = label(training.reference)
    buttons = []
    if now < training.start_time:
        buttons.append(Button(label=texts.CANCEL_MY_SEAT, command=CancelRegistration(reference=training.reference)))
    return Reply(
        text=texts.CHANGE_NOTICE.format(reference=reference, title=literal(training.title), lines="".join(lines)),
        buttons=buttons,
        link=meeting_link(training.meeting_url),
    )


def cancel_notice(training: TrainingSession, zone: tzinfo) -> Reply:
    """That the session is cancelled, for the people registered."""
    return Reply(
        text=texts.CANCEL_NOTICE.format(
            reference=label(training.reference),
            title=literal(training.title),
            when=when(training.start_time, training.end_time, zone),
        ),
        buttons=[Button(label=texts.UPCOMING_SESSIONS, command=ListSessions())],
    )


def told(words: str, training: TrainingSession, count: int, held: datetime | None, zone: tzinfo) -> Reply:
    """The reply to whoever made the change: how many were told, and when if quiet hours hold it."""
    reference = label(training.reference)
    if count == 0:
        return Reply(text=texts.TOLD_NOBODY.format(reference=reference))
    people = texts.ONE_PERSON_REGISTERED if count == 1 else texts.PEOPLE_REGISTERED.format(count=count)
    wait = texts.HELD_FOR_QUIET_HOURS.format(time=local_time(held, zone)) if held is not None else ""
    return Reply(text=words.format(people=people, held=wait))
