"""What reminders say, and the replies to `mute` / `unmute`."""

import math
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.clock import local_time

BEFORE = "⏰ Reminder: *{title}* ({code}) is due {due}, {left}. Pick up where you left off:"
OVERDUE = "⚠️ *{title}* ({code}) was due {due} and is not finished yet. Please complete it as soon as you can:"
MUTE = "Mute reminders"
UNMUTE = "Unmute"

MUTED = (
    "🔕 Reminders for *{title}* ({code}) are muted: no due-date or session reminders and no review questions for "
    "it. Announcements and messages still reach you. `unmute {code}` turns them back on."
)
ALREADY_MUTED = "Reminders for *{title}* ({code}) are already muted. `unmute {code}` turns them back on."
UNMUTED = "🔔 Reminders for *{title}* ({code}) are on again."
NOT_MUTED = "Reminders for *{title}* ({code}) are not muted, so there is nothing to turn back on."
NOT_ENROLLED = (
    "You are not enrolled in *{title}* ({code}), so it sends you no reminders to mute. Type *my* to see your courses."
)

# `assign CODE PERSON YYYY-MM-DD` sets the end of that day (UTC): such a due date reads as the day itself.
END_OF_DAY = time(23, 59, 59)


def due_words(due: datetime, zone: ZoneInfo) -> str:
    """'on 8 Dec 2026' for a due day (as `assign` writes it), else 'on 8 Dec 2026, 17:00 CET' in the zone."""
    utc = due.astimezone(UTC)
    if utc.time().replace(microsecond=0) == END_OF_DAY:
        return f"on {utc.day} {utc:%b %Y}"
    return f"on {local_time(due, zone)}"


def time_left(left: timedelta) -> str:
    """'in 3 days', 'in 5 hours', 'within the hour'."""
    if left >= timedelta(hours=36):
        days = round(left / timedelta(days=1))
        return f"in {days} days"
    if left >= timedelta(hours=20):
        return "in 1 day"
    hours = math.ceil(left / timedelta(hours=1))
    if hours <= 1:
        return "within the hour"
    return f"in {hours} hours"
