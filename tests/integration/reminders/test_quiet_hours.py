"""A reminder that comes during its organization's quiet hours waits until they end, in the organization's time
zone, across daylight-saving changes and weekends."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.reminders.support import Db, assigned, remind, reminders

DAY = timedelta(days=1)


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=UTC)


MINUTE = timedelta(minutes=1)


async def test_a_reminder_due_at_three_in_the_morning_in_new_york_goes_out_at_eight_there(db: Db) -> None:
    slot = datetime(2027, 1, 15, 8, 0, tzinfo=UTC)  # 03:00 EST
    settings = {"timezone": "America/New_York", "quiet_hours": {"start": "20:00", "end": "08:00"}}
    await assigned(db, slot + DAY, settings=settings)

    assert await remind(db, slot) == 0
    assert await remind(db, datetime(2027, 1, 15, 12, 59, tzinfo=UTC)) == 0  # 07:59 EST
    assert await remind(db, datetime(2027, 1, 15, 13, 0, tzinfo=UTC)) == 1  # 08:00 EST

    [sent] = await reminders(db)
    assert "is due on 16 Jan 2027, 03:00 EST, in 19 hours." in sent.replies[0]["text"]


@pytest.mark.parametrize(
    ("slot", "last_quiet", "first_open"),
    [
        # The night the clocks go forward (02:00 CET -> 03:00 CEST): 03:00 local is 01:00 UTC, 08:00 is 06:00 UTC.
        (utc(3, 28, 1), utc(3, 28, 5, 59), utc(3, 28, 6)),
        # The night they go back (03:00 CEST -> 02:00 CET): 03:00 local is 02:00 UTC, 08:00 is 07:00 UTC.
        (utc(10, 31, 2), utc(10, 31, 6, 59), utc(10, 31, 7)),
    ],
)
async def test_across_a_daylight_saving_change_the_reminder_goes_out_at_eight_local_time(
    db: Db, slot: datetime, last_quiet: datetime, first_open: datetime
) -> None:
    await assigned(db, slot + DAY, settings={"timezone": "Europe/Berlin"})  # the default quiet hours, 20:00-08:00

    assert await remind(db, slot) == 0
    assert await remind(db, last_quiet) == 0
    assert await remind(db, first_open) == 1


async def test_quiet_weekends_hold_a_saturday_reminder_until_monday_morning(db: Db) -> None:
    saturday_noon = datetime(2027, 1, 16, 12, 0, tzinfo=UTC)
    await assigned(db, saturday_noon + DAY, settings={"timezone": "UTC", "quiet_hours": {"weekends": True}})

    assert await remind(db, saturday_noon) == 0
    assert await remind(db, saturday_noon + DAY) == 0
    assert await remind(db, datetime(2027, 1, 18, 7, 59, tzinfo=UTC)) == 0
    assert await remind(db, datetime(2027, 1, 18, 8, 0, tzinfo=UTC)) == 1

    [sent] = await reminders(db)
    assert sent.once_key.endswith(":overdue-0")  # by Monday the due date has passed: the latest reminder is sent


async def test_without_quiet_hours_a_reminder_goes_out_in_the_night(db: Db) -> None:
    slot = datetime(2027, 1, 15, 3, 0, tzinfo=UTC)
    await assigned(db, slot + DAY, settings={"quiet_hours": False})

    assert await remind(db, slot) == 1


async def test_an_organization_in_its_quiet_hours_does_not_hold_back_another_in_its_day(db: Db) -> None:
    at = datetime(2027, 1, 15, 14, 0, tzinfo=UTC)  # 09:00 in New York, 23:00 in Tokyo
    await assigned(db, at + DAY, settings={"timezone": "America/New_York"})
    await assigned(db, at + DAY, settings={"timezone": "Asia/Tokyo"})

    assert await remind(db, at) == 1
    assert await remind(db, at + 9 * timedelta(hours=1)) == 1  # 08:00 in Tokyo
    assert len(await reminders(db)) == 2
