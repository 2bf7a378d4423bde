"""Which session reminder goes out when: the organization's times, the nearest only, quiet hours (a session that
starts inside them gets its last reminder anyway), across a DST change; and how the time left reads."""

from datetime import UTC, datetime, timedelta

from domain.quiet_hours import quiet_hours_of
from domain.sessions.notices import held_until
from domain.sessions.reminder_rules import DEFAULT_MINUTES, reminder_minutes, reminder_to_send, time_left

BERLIN_NIGHTS = quiet_hours_of({"timezone": "Europe/Berlin"})  # quiet 20:00-08:00 local
NEVER_QUIET = quiet_hours_of({"quiet_hours": False})
DAY, QUARTER = 1440, 15


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_the_organizations_reminder_times_and_anything_malformed_reads_as_24_hours_and_15_minutes() -> None:
    assert reminder_minutes({}) == DEFAULT_MINUTES == (1440, 15)
    assert reminder_minutes({"session_reminders_minutes": [15, 60, 2880]}) == (2880, 60, 15)
    assert reminder_minutes({"session_reminders_minutes": []}) == ()
    for malformed in ("1440", [15, "60"], [0], [-5], [15.5], [True], [50000], list(range(1, 20)), {"a": 1}, None):
        assert reminder_minutes({"session_reminders_minutes": malformed}) == DEFAULT_MINUTES, malformed


def test_outside_quiet_hours_the_nearest_reminder_whose_time_has_come_is_sent() -> None:
    start = utc("2026-12-08 13:00")  # 14:00 in Berlin
    now = start - timedelta(minutes=14)
    assert reminder_to_send(start, [QUARTER, DAY], (DAY, QUARTER), BERLIN_NIGHTS, now) == QUARTER
    assert reminder_to_send(start, [DAY], (DAY, QUARTER), BERLIN_NIGHTS, start - timedelta(hours=3)) == DAY
    assert reminder_to_send(start, [], (DAY, QUARTER), BERLIN_NIGHTS, now) is None
    assert reminder_to_send(start, [QUARTER], (DAY, QUARTER), BERLIN_NIGHTS, start) is None  # started


def test_a_24_hour_reminder_due_in_quiet_hours_waits_until_they_end() -> None:
    start = utc("2026-12-08 20:00")  # Tuesday 21:00 in Berlin: its 24 h reminder falls on Monday 21:00, quiet
    assert reminder_to_send(start, [DAY], (DAY, QUARTER), BERLIN_NIGHTS, utc("2026-12-07 20:00")) is None
    assert reminder_to_send(start, [DAY], (DAY, QUARTER), BERLIN_NIGHTS, utc("2026-12-08 06:59")) is None
    assert reminder_to_send(start, [DAY], (DAY, QUARTER), BERLIN_NIGHTS, utc("2026-12-08 07:00")) == DAY
    assert reminder_to_send(start, [DAY], (DAY, QUARTER), NEVER_QUIET, utc("2026-12-07 20:00")) == DAY


def test_a_session_that_starts_inside_quiet_hours_gets_its_last_reminder_at_its_time_and_no_earlier_one() -> None:
    start = utc("2026-12-08 06:30")  # 07:30 in Berlin, quiet until 08:00
    assert reminder_to_send(start, [QUARTER, DAY], (DAY, QUARTER), BERLIN_NIGHTS, start - timedelta(minutes=15)) == (
        QUARTER
    )
    # with a 60-minute reminder between, it is not sent at 06:30 (quiet until after the start): the last one is
    assert reminder_to_send(start, [60, DAY], (DAY, 60, QUARTER), BERLIN_NIGHTS, start - timedelta(minutes=60)) is None
    # the same session's 24 h reminder (Monday 07:30, quiet) waits until Monday 08:00, before the start
    assert reminder_to_send(start, [DAY], (DAY, QUARTER), BERLIN_NIGHTS, utc("2026-12-07 06:30")) is None
    assert reminder_to_send(start, [DAY], (DAY, QUARTER), BERLIN_NIGHTS, utc("2026-12-07 07:00")) == DAY


def test_a_session_that_starts_just_after_quiet_hours_gets_its_15_minute_reminder_when_they_end() -> None:
    start = utc("2026-12-08 07:10")  # 08:10 in Berlin: its 15-minute reminder (07:55) is quiet
    assert reminder_to_send(start, [QUARTER, DAY], (DAY, QUARTER), BERLIN_NIGHTS, utc("2026-12-08 06:55")) is None
    assert reminder_to_send(start, [QUARTER, DAY], (DAY, QUARTER), BERLIN_NIGHTS, utc("2026-12-08 07:00")) == QUARTER


def test_across_the_spring_dst_change_a_held_reminder_goes_at_8_local_summer_time() -> None:
    # Sunday 28 March 2027, 21:00 CEST (19:00 UTC); its 24 h reminder falls on Saturday 20:00 CET, quiet.
    # The night ends at 08:00 CEST = 06:00 UTC (07:00 UTC would be 08:00 in winter time).
    start = utc("2027-03-28 19:00")
    assert reminder_to_send(start, [DAY], (DAY, QUARTER), BERLIN_NIGHTS, utc("2027-03-28 05:59")) is None
    assert reminder_to_send(start, [DAY], (DAY, QUARTER), BERLIN_NIGHTS, utc("2027-03-28 06:00")) == DAY


def test_a_notice_is_held_by_quiet_hours_only_for_a_session_more_than_24_hours_after_they_end() -> None:
    night = utc("2026-12-07 22:00")  # 23:00 in Berlin; quiet until 07:00 UTC
    assert held_until(BERLIN_NIGHTS, night, utc("2026-12-10 09:00")) == utc("2026-12-08 07:00")
    assert held_until(BERLIN_NIGHTS, night, utc("2026-12-08 09:00")) is None  # tomorrow morning: at once
    assert held_until(BERLIN_NIGHTS, utc("2026-12-07 12:00"), utc("2026-12-10 09:00")) is None  # not quiet
    weekends = quiet_hours_of({"timezone": "Europe/Berlin", "quiet_hours": {"weekends": True}})
    # Friday night, a Sunday session: the weekend ends after it, so it goes at once
    assert held_until(weekends, utc("2026-12-11 21:00"), utc("2026-12-13 09:00")) is None


def test_the_time_left_reads_as_people_say_it() -> None:
    assert time_left(timedelta(minutes=15)) == "15 minutes"
    assert time_left(timedelta(minutes=14, seconds=57)) == "15 minutes"
    assert time_left(timedelta(seconds=20)) == "1 minute"
    assert time_left(timedelta(hours=1)) == "1 hour"
    assert time_left(timedelta(minutes=125)) == "2 hours 5 minutes"
    assert time_left(timedelta(hours=13)) == "13 hours"
    assert time_left(timedelta(hours=23, minutes=30)) == "23 hours 30 minutes"
    assert time_left(timedelta(hours=23, minutes=59, seconds=57)) == "24 hours"
    assert time_left(timedelta(hours=24)) == "24 hours"
    assert time_left(timedelta(days=3, hours=2)) == "3 days"
