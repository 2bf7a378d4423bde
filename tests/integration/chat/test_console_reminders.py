"""`mute` and `unmute` on the console (`learnbot chat --as ...` with stdin): what a person reads, and that the
course's reminders stop and start again."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import URL

from tests.integration.chat.test_console import run
from tests.integration.reminders.support import Db, assigned, remind

DUE = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


async def test_a_trainee_mutes_and_unmutes_a_course_on_the_console(db: Db, database_url: URL, tmp_path: Path) -> None:
    a = await assigned(db, DUE)

    said = await run(a.trainee.email, ["mute SEC-101", "mute", "mute NOPE-1"], database_url, tmp_path)

    assert said.startswith("🔕 Reminders for Security *basics* (SEC-101) are muted")
    assert "\n  [1] Unmute\n" in said
    assert "Usage: mute CODE" in said
    assert "I can't find a course with the code NOPE-1. Type courses to see the courses open to you." in said
    assert await remind(db, DUE - DAY) == 0

    said = await run(a.trainee.email, ["unmute sec-101"], database_url, tmp_path)

    assert said.startswith("🔔 Reminders for Security *basics* (SEC-101) are on again.")
    assert await remind(db, DUE - DAY) == 1


async def test_help_on_the_console_lists_mute_and_unmute(db: Db, database_url: URL, tmp_path: Path) -> None:
    a = await assigned(db, DUE)

    said = await run(a.trainee.email, ["help"], database_url, tmp_path)

    assert "• mute CODE — no more reminders for a course (due dates, sessions, review questions)" in said
    assert "• unmute CODE — reminders for a course again" in said
