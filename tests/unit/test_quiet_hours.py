"""Quiet hours in the organization's zone: the nightly window, weekends, a DST change, hand-written settings."""

from datetime import UTC, datetime, time

from domain.quiet_hours import QuietHours, quiet_hours_of

BERLIN_NIGHTS = quiet_hours_of({"timezone": "Europe/Berlin"})


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_by_default_nights_are_quiet_from_20_to_8_in_the_organizations_zone() -> None:
    assert BERLIN_NIGHTS.is_quiet(utc("2026-12-07 19:30"))  # 20:30 in Berlin
    assert not BERLIN_NIGHTS.is_quiet(utc("2026-12-07 18:59"))  # 19:59
    assert BERLIN_NIGHTS.next_open(utc("2026-12-07 19:30")) == utc("2026-12-08 07:00")  # 08:00 CET
    assert BERLIN_NIGHTS.next_open(utc("2026-12-08 05:00")) == utc("2026-12-08 07:00")
    open_moment = utc("2026-12-08 10:00")
    assert BERLIN_NIGHTS.next_open(open_moment) == open_moment


def test_a_night_that_ends_after_the_spring_change_ends_at_8_local_summer_time() -> None:
    # 29 March 2026: Berlin goes from 02:00 CET to 03:00 CEST; the night's 08:00 is 06:00 UTC, not 07:00.
    assert BERLIN_NIGHTS.next_open(utc("2026-03-28 22:00")) == utc("2026-03-29 06:00")
    # and on the autumn change (25 October 2026) 08:00 CET is 07:00 UTC
    assert BERLIN_NIGHTS.next_open(utc("2026-10-24 23:00")) == utc("2026-10-25 07:00")


def test_quiet_weekends_hold_until_monday_morning() -> None:
    weekends = quiet_hours_of({"timezone": "Europe/Berlin", "quiet_hours": {"weekends": True}})
    saturday_noon = utc("2026-12-12 11:00")
    assert weekends.is_quiet(saturday_noon)
    assert not BERLIN_NIGHTS.is_quiet(saturday_noon)
    assert weekends.next_open(saturday_noon) == utc("2026-12-14 07:00")  # Monday 08:00 CET
    assert weekends.next_open(utc("2026-12-11 20:00")) == utc("2026-12-14 07:00")  # Friday 21:00


def test_a_window_within_one_day_and_switched_off() -> None:
    lunch = quiet_hours_of({"quiet_hours": {"start": "12:00", "end": "13:30"}})
    assert lunch == QuietHours(lunch.zone, time(12), time(13, 30), False)
    assert lunch.next_open(utc("2026-12-07 12:10")) == utc("2026-12-07 13:30")
    assert not lunch.is_quiet(utc("2026-12-07 23:00"))
    never = quiet_hours_of({"quiet_hours": False})
    assert not never.is_quiet(utc("2026-12-07 03:00"))


def test_hand_written_nonsense_reads_as_the_default_window_in_utc() -> None:
    odd = quiet_hours_of({"timezone": "Mars/Olympus", "quiet_hours": {"start": "25:99", "end": 7}})
    assert (odd.start, odd.end, odd.weekends, odd.zone.key) == (time(20), time(8), False, "UTC")
    assert quiet_hours_of({"quiet_hours": "yes"}).start == time(20)
    assert quiet_hours_of({"quiet_hours": {"start": "7:30", "end": "9:00"}}).start == time(7, 30)
