"""A trainee with an assigned course whose enrollment (and due date) is written straight into the table by SQL,
and the reminder job run at a moment a test chooses."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import engine_event_handlers, engine_handlers
from domain.messagebus import Command, MessageBus
from domain.models import Course, Organization, User
from domain.reminders import remind_due_dates
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.support import factories
from tests.support.clock import SettableClock

Db = async_sessionmaker[AsyncSession]
# Quiet hours off: the tests that are not about them choose any moment.
NO_QUIET_HOURS: dict[str, Any] = {"quiet_hours": False}

REMINDERS = """
SELECT user_id, kind, once_key, replies, status FROM deliveries WHERE kind = 'reminder' ORDER BY created_at, once_key
"""
ENROLL = text("""
INSERT INTO enrollments (trainee_id, course_id, enrollment_type, status, due_date)
VALUES (:trainee, :course, :type, :status, :due) RETURNING id
""")


@dataclass
class Assigned:
    db: Db
    org: Organization
    instructor: User
    trainee: User
    course: Course
    enrollment_id: uuid.UUID

    async def run(self, command: Command, person: User | None = None) -> list[Reply]:
        bus = MessageBus(PostgresUnitsOfWork(self.db), engine_handlers(), engine_event_handlers())
        return await bus.handle((person or self.trainee).id, self.org.id, command)


async def owner(db: Db, sql: str, **params: Any) -> list[Any]:
    async with db() as session, session.begin():
        result = await session.execute(text(sql), params)
        return list(result.all()) if result.returns_rows else []  # type: ignore[attr-defined]


async def assigned(
    db: Db,
    due: datetime,
    *,
    settings: dict[str, Any] | None = None,
    status: str = "enrolled",
    enrollment_type: str = "assigned",
    course_status: str = "published",
) -> Assigned:
    """An organization (quiet hours off unless `settings` say otherwise), a published course and a trainee whose
    enrollment, with its due date, is inserted by plain SQL as an HR import would."""
    async with db() as session, session.begin():
        org = await factories.organization(session, settings=NO_QUIET_HOURS if settings is None else settings)
        instructor = await factories.user(session, org, "instructor")
        trainee = await factories.user(session, org, "trainee", first_name="Tom")
        course = await factories.course(
            session, org, instructor, course_code="SEC-101", title="Security *basics*", status=course_status
        )
        enrollment_id = await session.scalar(
            ENROLL,
            {"trainee": trainee.id, "course": course.id, "type": enrollment_type, "status": status, "due": due},
        )
    assert enrollment_id is not None
    return Assigned(db, org, instructor, trainee, course, enrollment_id)


async def remind(db: Db, at: datetime) -> int:
    return await remind_due_dates(PostgresUnitsOfWork(db), SettableClock(at))


async def reminders(db: Db) -> list[Any]:
    return await owner(db, REMINDERS)


def slots(rows: list[Any]) -> list[str]:
    return [row.once_key.rsplit(":", 1)[1] for row in rows]
