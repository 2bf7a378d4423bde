"""Times as an organization reads them: typed in its time zone (settings.timezone, else UTC), shown in it."""

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from domain.errors import InvalidInput
from domain.sessions import texts

# Check-in opens this long before the start and closes at the end.
CHECK_IN_OPENS = timedelta(minutes=15)

DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})")
TIME_ONLY = re.compile(r"(\d{1,2}:\d{2})")


def local_moment(day: date, clock_time: time, zone: tzinfo) -> datetime:
    """The instant (in UTC) a wall-clock time names in `zone`: a time the clocks skip (spring forward) is
    refused, a time they repeat (fall back) is its first pass. In UTC because Python's arithmetic within one
    zone is wall-clock arithmetic: 15 minutes before a local time across a change would be off by an hour."""
    moment = datetime.combine(day, clock_time, tzinfo=zone)
    instant = moment.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise InvalidInput(texts.NO_SUCH_LOCAL_TIME.format(moment=f"{day} {clock_time:%H:%M}", zone=zone))
    return instant


def parse_start(text: str, zone: tzinfo) -> datetime:
    """'2026-12-08 10:00' in the organization's zone."""
    match = DATE_TIME.fullmatch(text.strip())
    if match is None:
        raise InvalidInput(texts.BAD_START.format(text=text.strip()))
    try:
        day, clock_time = date.fromisoformat(match.group(1)), time.fromisoformat(_two_digit_hour(match.group(2)))
    except ValueError:
        raise InvalidInput(texts.BAD_START.format(text=text.strip())) from None
    return local_moment(day, clock_time, zone)


def parse_end(text: str, start: datetime, zone: tzinfo) -> datetime:
    """'11:30' (the start's day) or '2026-12-08 11:30', in the organization's zone."""
    stripped = text.strip()
    only_time = TIME_ONLY.fullmatch(stripped)
    if only_time is None:
        try:
            return parse_start(stripped, zone)
        except InvalidInput:
            raise InvalidInput(texts.BAD_END.format(text=stripped)) from None
    try:
        clock_time = time.fromisoformat(_two_digit_hour(only_time.group(1)))
    except ValueError:
        raise InvalidInput(texts.BAD_END.format(text=stripped)) from None
    return local_moment(start.astimezone(zone).date(), clock_time, zone)


def _two_digit_hour(value: str) -> str:
    return value if len(value) == 5 else "0" + value


def when(start: datetime, end: datetime, zone: tzinfo) -> str:
    """'Tue 8 Dec 2026, 10:00–11:30 CET', or both days when it ends on another."""
    first, last = start.astimezone(zone), end.astimezone(zone)
    opening = f"{first:%a} {first.day} {first:%b %Y, %H:%M}"
    if first.date() == last.date():
        return f"{opening}–{last:%H:%M} {last:%Z}"
    return f"{opening} {first:%Z} – {last:%a} {last.day} {last:%b %Y, %H:%M} {last:%Z}"


def clock_time_of(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%H:%M} {local:%Z}"


def day_and_time(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local:%Z}"


def check_in_opens(start: datetime) -> datetime:
    return start - CHECK_IN_OPENS


def is_open(start: datetime, end: datetime, now: datetime) -> bool:
    """Check-in is open from CHECK_IN_OPENS before the start until the end."""
    return check_in_opens(start) <= now < end
