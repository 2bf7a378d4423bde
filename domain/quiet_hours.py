"""Quiet hours: when an organization's people get no reminders (due dates, sessions, review nudges).

Set per organization in organizations.settings, read in its time zone (settings.timezone):

    "quiet_hours": {"start": "20:00", "end": "08:00", "weekends": true}

`start`/`end` is the nightly window (it may cross midnight; equal times mean none); `weekends: true` makes
Saturday and Sunday quiet all day. Without the key an organization is quiet 20:00-08:00 on every day;
`"quiet_hours": false` turns them off. A reminder due inside quiet hours is held until they end
(`next_open`); an urgent announcement may go out regardless (its author's choice, not this module's).
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import organization_settings, zone_of

DEFAULT_START = time(20, 0)
DEFAULT_END = time(8, 0)
SATURDAY = 5


@dataclass(frozen=True)
class QuietHours:
    zone: ZoneInfo
    start: time | None = DEFAULT_START
    end: time | None = DEFAULT_END
    weekends: bool = False

    def is_quiet(self, instant: datetime) -> bool:
        local = instant.astimezone(self.zone)
        if self.weekends and local.weekday() >= SATURDAY:
            return True
        return self._in_window(local.time())

    def next_open(self, instant: datetime) -> datetime:
        """`instant` when it is not quiet, else the first moment after it that is (in UTC)."""
        moment = instant.astimezone(UTC)
        for _ in range(8):  # a weekend, then the night it ends in: a few jumps at most
            local = moment.astimezone(self.zone)
            if self.weekends and local.weekday() >= SATURDAY:
                monday = local.date() + timedelta(days=7 - local.weekday())
                moment = _instant(monday, time(0, 0), self.zone)
            elif self._in_window(local.time()):
                start, end = self.start or DEFAULT_START, self.end or DEFAULT_END  # set: the window is
                day = local.date()
                if start > end and local.time() >= start:
                    day += timedelta(days=1)
                moment = _instant(day, end, self.zone)
            else:
                return moment
        return moment

    def _in_window(self, clock: time) -> bool:
        if self.start is None or self.end is None or self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end


def _instant(day: Any, clock: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time; a time the clocks skip reads as the same time after the change."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _clock_time(value: Any, default: time) -> time | None:
    if value is None:
        return default
    if not isinstance(value, str):
        return None
    try:
        return time.fromisoformat(value.strip().zfill(5))
    except ValueError:
        return None


def quiet_hours_of(settings: Mapping[str, Any]) -> QuietHours:
    """The organization's quiet hours; a malformed window (written by hand) reads as the default one."""
    zone = zone_of(settings)
    rule = settings.get("quiet_hours", {})
    if rule is False:
        return QuietHours(zone, None, None, False)
    if not isinstance(rule, Mapping):
        return QuietHours(zone)
    start, end = _clock_time(rule.get("start"), DEFAULT_START), _clock_time(rule.get("end"), DEFAULT_END)
    if start is None or end is None:
        start, end = DEFAULT_START, DEFAULT_END
    return QuietHours(zone, start, end, rule.get("weekends") is True)


async def organization_quiet_hours(session: AsyncSession, organization_id: uuid.UUID) -> QuietHours:
    return quiet_hours_of(await organization_settings(session, organization_id))
