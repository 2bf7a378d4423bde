"""Which reminder of a session's start goes out now: the organization's reminder times and quiet hours.

An organization sets its reminder times in organizations.settings as whole minutes before the start:

    "session_reminders_minutes": [1440, 15]

(the default: 24 hours and 15 minutes before). Each is a whole number from 1 to 43200 (30 days); anything
else (not a list, a fraction, text) reads as the default, and an empty list sends no reminders.

A reminder's time has come when its minutes before the start have been reached. Of the reminders whose time
has come, only the nearest to the start is sent (a job that ran late sends the 15-minute reminder, never the
24-hour one after it). Quiet hours (domain/quiet_hours.py) hold a reminder until they end, and then the
nearest one whose time has come by then goes out (a 24-hour reminder due at 21:00 goes out at 08:00). One
exception: a session that starts inside the quiet hours (a 07:30 session while quiet until 08:00) gets its
last reminder (the fewest minutes, 15 by default) at its time, quiet or not: the person signed up to be there
before the quiet hours end, so a reminder held until they end would come too late, and one sent the evening
before would not be a reminder of the start. Only that last one: the earlier ones are held until the quiet
hours end, or, if those end only after the start, not sent (the last one follows).
"""

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from domain.quiet_hours import QuietHours
from domain.sessions import texts

DEFAULT_MINUTES = (1440, 15)
LONGEST_MINUTES = 30 * 24 * 60
MOST_REMINDERS = 10


def reminder_minutes(settings: Mapping[str, Any]) -> tuple[int, ...]:
    """The organization's reminder times, in minutes before the start, farthest first (the default when the
    setting is missing or malformed)."""
    value = settings.get("session_reminders_minutes")
    if not isinstance(value, list) or len(value) > MOST_REMINDERS:
        return DEFAULT_MINUTES
    if not all(type(minutes) is int and 1 <= minutes <= LONGEST_MINUTES for minutes in value):
        return DEFAULT_MINUTES
    return tuple(sorted(set(value), reverse=True))


def reminder_to_send(
    start: datetime, come: Sequence[int], configured: Sequence[int], quiet: QuietHours, now: datetime
) -> int | None:
    """The reminder to send at `now` (its minutes before the start), or None to send nothing yet.

    `come` are the reminders whose time has come (and that were not due before the person registered);
    `configured` all of the organization's reminder times.
    """
    if not come or not configured or start <= now:
        return None
    nearest = min(come)
    if not quiet.is_quiet(now):
        return nearest
    starts_while_quiet = quiet.next_open(now) >= start
    if starts_while_quiet and nearest == min(configured):
        return nearest
    return None


def time_left(left: timedelta) -> str:
    """'15 minutes', '23 hours 30 minutes', '24 hours', '3 days': how long until the start, as people say it."""
    minutes = max(1, round(left / timedelta(minutes=1)))
    if minutes < 60:
        return _counted(minutes, texts.ONE_MINUTE, texts.MINUTES)
    if minutes < 24 * 60 and minutes % 60:
        hours = _counted(minutes // 60, texts.ONE_HOUR, texts.HOURS)
        return f"{hours} {_counted(minutes % 60, texts.ONE_MINUTE, texts.MINUTES)}"
    if minutes < 48 * 60:
        return _counted(round(minutes / 60), texts.ONE_HOUR, texts.HOURS)
    return _counted(round(minutes / (24 * 60)), texts.ONE_DAY, texts.DAYS)


def _counted(count: int, one: str, many: str) -> str:
    return one if count == 1 else many.format(count=count)
