"""Times typed and shown in the organization's zone: summer time, the skipped hour, the check-in window."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.clock import zone_named
from domain.errors import InvalidInput
from domain.sessions.times import is_open, parse_end, parse_start, when

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_typed_time_is_the_organizations_wall_clock_in_winter_and_in_summer() -> None:
    assert parse_start("2026-12-08 10:00", BERLIN) == datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    assert parse_start("2026-07-08 10:00", BERLIN) == datetime(2026, 7, 8, 8, 0, tzinfo=UTC)
    assert parse_start("2026-12-08T9:05", BERLIN) == datetime(2026, 12, 8, 8, 5, tzinfo=UTC)


def test_the_hour_the_clocks_skip_is_refused_and_the_repeated_hour_means_its_first_pass() -> None:
    with pytest.raises(InvalidInput, match="does not exist in Europe/Berlin"):
        parse_start("2027-03-28 02:30", BERLIN)
    assert parse_start("2026-10-25 02:30", BERLIN) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_an_end_as_a_time_is_on_the_starts_local_day() -> None:
    start = parse_start("2026-12-08 00:30", BERLIN)  # 23:30 UTC the day before
    assert parse_end("01:30", start, BERLIN) == datetime(2026, 12, 8, 0, 30, tzinfo=UTC)


def test_a_session_over_the_spring_change_shows_both_zones_names() -> None:
    start, end = parse_start("2027-03-27 22:00", BERLIN), parse_start("2027-03-28 09:00", BERLIN)
    assert when(start, end, BERLIN) == "Sat 27 Mar 2027, 22:00 CET – Sun 28 Mar 2027, 09:00 CEST"
    assert end - start == timedelta(hours=10)


def test_an_unknown_or_missing_zone_is_utc() -> None:
    assert zone_named("Mars/Olympus") == ZoneInfo("UTC")
    assert zone_named(None) == ZoneInfo("UTC")
    assert zone_named(" Europe/Berlin ") == BERLIN


def test_check_in_is_open_from_15_minutes_before_the_start_until_just_before_the_end() -> None:
    start = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    end = start + timedelta(hours=1)
    assert not is_open(start, end, start - timedelta(minutes=15, microseconds=1))
    assert is_open(start, end, start - timedelta(minutes=15))
    assert is_open(start, end, end - timedelta(microseconds=1))
    assert not is_open(start, end, end)
