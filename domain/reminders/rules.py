"""An organization's due-date reminder rules, from organizations.settings:

    "due_reminders": {"days_before": [3, 1], "overdue_every_days": 3, "max": 4}

`days_before`: reminders that many days before the due moment (whole days, 1-365); `overdue_every_days`: once
the due moment has passed, a reminder then and every that many days after (0: none once it has passed); `max`:
at most that many reminders for one due date in all. A key left out, or one whose value does not fit (written
by hand, say), reads as its default.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_DAYS_BEFORE = (3, 1)
DEFAULT_OVERDUE_EVERY_DAYS = 3
DEFAULT_MAX = 4
LONGEST = 365


@dataclass(frozen=True)
class DueReminderRules:
    days_before: tuple[int, ...] = DEFAULT_DAYS_BEFORE
    overdue_every_days: int = DEFAULT_OVERDUE_EVERY_DAYS
    max_count: int = DEFAULT_MAX


def _whole(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def _days_before(value: Any) -> tuple[int, ...] | None:
    if not isinstance(value, list):
        return None
    days = [_whole(v, 1, LONGEST) for v in value]
    if any(day is None for day in days):
        return None
    return tuple(sorted({day for day in days if day is not None}, reverse=True))


def due_reminder_rules(settings: Mapping[str, Any] | None) -> DueReminderRules:
    """The organization's rules; defaults for anything unset or malformed."""
    rule = (settings or {}).get("due_reminders")
    if not isinstance(rule, Mapping):
        return DueReminderRules()
    days_before = _days_before(rule.get("days_before"))
    every = _whole(rule.get("overdue_every_days"), 0, LONGEST)
    most = _whole(rule.get("max"), 0, 100)
    return DueReminderRules(
        days_before=DEFAULT_DAYS_BEFORE if days_before is None else days_before,
        overdue_every_days=DEFAULT_OVERDUE_EVERY_DAYS if every is None else every,
        max_count=DEFAULT_MAX if most is None else most,
    )
