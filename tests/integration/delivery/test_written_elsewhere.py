"""Announcements and messages written straight into the seed tables (an import, an admin's SQL) are delivered like
our own: once, at their time, with the same words and buttons; history and expired ones are left alone."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.delivery.catching_up import catch_up
from domain.models import Course, Organization, User
from domain.models.enums import ChatPlatform
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.delivery.conftest import link, run_workers
from tests.support import factories
from tests.support.fake_backend import RecordingBackend

Db = async_sessionmaker[AsyncSession]
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


class Imported:
    org: Organization
    teacher: User
    trainees: list[User]
    course: Course


@pytest.fixture
async def imported(db: Db) -> Imported:
    w = Imported()
    async with db() as session:
        w.org = await factories.organization(session, settings=factories.NO_QUIET_HOURS)
        w.teacher = await factories.user(session, w.org, "instructor", first_name="Tess", last_name="Teacher")
        w.trainees = [await factories.user(session, w.org, "trainee") for _ in range(3)]
        w.course = await factories.course(session, w.org, w.teacher, course_code="SEC-101", status="published")
        await factories.enrollment(session, w.trainees[0], w.course)
        await factories.enrollment(session, w.trainees[1], w.course, status="in_progress")
        await factories.enrollment(session, w.trainees[2], w.course, status="dropped")
        await session.commit()
    for number, person in enumerate(w.trainees):
        await link(db, person, ChatPlatform.TELEGRAM, f"t{number}")
    return w


async def insert_announcement(db: Db, w: Imported, title: str, published: datetime, **columns: object) -> uuid.UUID:
    """As an admin's SQL would: seed columns only (none of ours: no draft flag, no fan-out mark)."""
    values = {"expires_at": None, "priority": "normal", **columns}
    async with db() as session, session.begin():
        return uuid.UUID(
            str(
                await session.scalar(
                    text("""
                    INSERT INTO announcements (organization_id, course_id, title, content, priority, published_at,
                                               expires_at, created_by)
                    VALUES (:org, :course, :title, 'Read the new policy.', :priority, :published, :expires_at,
                            :author)
                    RETURNING id"""),
                    {
                        "org": w.org.id,
                        "course": w.course.id,
                        "title": title,
                        "published": published,
                        "author": w.teacher.id,
                    }
                    | values,
                )
            )
        )


async def insert_message(db: Db, w: Imported, to: User, words: str, created: datetime, **columns: object) -> None:
    async with db() as session, session.begin():
        await session.execute(
            text("""
            INSERT INTO messages (organization_id, sender_id, recipient_id, course_id, content, created_at, is_read)
            VALUES (:org, :sender, :to, :course, :words, :created, :is_read)"""),
            {
                "org": w.org.id,
                "sender": w.teacher.id,
                "to": to.id,
                "course": w.course.id,
                "words": words,
                "created": created,
                "is_read": columns.get("is_read", False),
            },
        )


async def deliveries(db: Db) -> list[tuple[str, uuid.UUID]]:
    async with db() as session:
        rows = await session.execute(text("SELECT kind, user_id FROM deliveries ORDER BY kind, user_id"))
        return [(row.kind, row.user_id) for row in rows]


async def test_an_announcement_inserted_by_sql_reaches_the_courses_active_trainees_once_at_its_time(
    db: Db, imported: Imported, database_url: URL
) -> None:
    w = imported
    await insert_announcement(db, w, "Policy *v2*", NOW + timedelta(minutes=30))
    units = PostgresUnitsOfWork(db)
    assert await catch_up(units, now=NOW) == 0  # not yet its time
    assert await deliveries(db) == []
    later = NOW + timedelta(minutes=31)
    await asyncio.gather(catch_up(units, now=later), catch_up(units, now=later))  # two overlapping runs
    await catch_up(units, now=later)
    expected = sorted([("announcement", w.trainees[0].id), ("announcement", w.trainees[1].id)])
    assert sorted(await deliveries(db)) == expected
    backend = RecordingBackend(ChatPlatform.TELEGRAM)
    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: backend})
    assert sorted(s.to.platform_user_id for s in backend.sent) == ["t0", "t1"]
    assert backend.sent[0].replies[0].text == "*Policy \\*v2\\**\nRead the new policy."  # the title as typed


async def test_history_expired_and_withdrawn_announcements_are_not_sent(db: Db, imported: Imported) -> None:
    w = imported
    await insert_announcement(db, w, "Last year", NOW - timedelta(days=300))
    await insert_announcement(db, w, "Expired", NOW - timedelta(hours=2), expires_at=NOW - timedelta(hours=1))
    withdrawn = await insert_announcement(db, w, "Withdrawn", NOW - timedelta(hours=2))
    async with db() as session, session.begin():
        await session.execute(text("UPDATE announcements SET withdrawn_at = now() WHERE id = :id"), {"id": withdrawn})
    assert await catch_up(PostgresUnitsOfWork(db), now=NOW) == 0
    assert await deliveries(db) == []


async def test_a_message_inserted_by_sql_is_delivered_once_with_reply_and_archive_buttons(
    db: Db, imported: Imported, database_url: URL
) -> None:
    w = imported
    await insert_message(db, w, w.trainees[0], "Please see me about _the_ exam", NOW - timedelta(minutes=5))
    await insert_message(db, w, w.trainees[1], "Old news", NOW - timedelta(days=3))
    await insert_message(db, w, w.trainees[2], "Already read", NOW - timedelta(minutes=5), is_read=True)
    units = PostgresUnitsOfWork(db)
    await asyncio.gather(catch_up(units, now=NOW), catch_up(units, now=NOW))
    await catch_up(units, now=NOW)
    assert await deliveries(db) == [("message", w.trainees[0].id)]
    backend = RecordingBackend(ChatPlatform.TELEGRAM)
    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: backend})
    [sending] = backend.sent
    notice = sending.replies[0]
    assert sending.to.platform_user_id == "t0"
    assert "Tess Teacher" in notice.text
    assert "SEC-101" in notice.text
    assert "Please see me about \\_the\\_ exam" in notice.text  # as typed, not italic
    assert [button.label for button in notice.buttons] == ["Reply", "Archive"]
