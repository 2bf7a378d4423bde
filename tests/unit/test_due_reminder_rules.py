"""An organization's due-date reminder rules: what it sets, and defaults for anything unset or malformed."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.reminders.rules import DueReminderRules, due_reminder_rules
from domain.reminders.texts import due_words, time_left


def test_unset_rules_are_three_days_and_one_day_before_then_every_three_days_at_most_four() -> None:
    assert due_reminder_rules({}) == DueReminderRules((3, 1), 3, 4)
    assert due_reminder_rules(None) == DueReminderRules((3, 1), 3, 4)


def test_the_organizations_rules_are_read_and_the_days_ordered_latest_first() -> None:
    settings = {"due_reminders": {"days_before": [1, 7, 7], "overdue_every_days": 0, "max": 2}}

    assert due_reminder_rules(settings) == DueReminderRules((7, 1), 0, 2)


def test_a_key_left_out_keeps_its_default() -> None:
    assert due_reminder_rules({"due_reminders": {"max": 9}}) == DueReminderRules((3, 1), 3, 9)
    assert due_reminder_rules({"due_reminders": {"days_before": []}}) == DueReminderRules((), 3, 4)


@pytest.mark.parametrize(
    "rule",
    [
        "often",
        ["days_before", 3],
        {"days_before": "3, 1", "overdue_every_days": "3", "max": "4"},
        {"days_before": [3, "1"], "overdue_every_days": -1, "max": 1000},
        {"days_before": [0], "overdue_every_days": 3.5, "max": True},
        {"days_before": [366], "overdue_every_days": None, "max": None},
    ],
)
def test_malformed_values_read_as_the_defaults(rule: object) -> None:
    assert due_reminder_rules({"due_reminders": rule}) == DueReminderRules()


@pytest.mark.parametrize(
    ("left", "words"),
    [
        (timedelta(days=3), "in 3 days"),
        (timedelta(days=2, hours=13), "in 3 days"),
        (timedelta(hours=36), "in 2 days"),
        (timedelta(hours=30), "in 1 day"),
        (timedelta(hours=19), "in 19 hours"),
        (timedelta(minutes=61), "in 2 hours"),
        (timedelta(minutes=40), "within the hour"),
    ],
)
def test_time_left_reads_in_days_then_hours(left: timedelta, words: str) -> None:
    assert time_left(left) == words


def test_a_due_day_reads_as_its_day_and_a_due_moment_with_its_time_in_the_zone() -> None:
    berlin = ZoneInfo("Europe/Berlin")

    assert due_words(datetime(2027, 3, 10, 23, 59, 59, tzinfo=UTC), berlin) == "on 10 Mar 2027"
    assert due_words(datetime(2027, 7, 1, 7, 30, tzinfo=UTC), berlin) == "on 1 Jul 2027, 09:30 CEST"
