"""An organization in Berlin's time zone with an instructor, an admin, trainees and a department, talked to
through the real chat service (console messages) with a clock the test sets."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import Services, build_services
from bot.settings import Settings
from domain.models import Department, Organization, User
from domain.replies import Reply
from tests.integration.chat.helpers import console
from tests.support import factories
from tests.support.buttons import action_line
from tests.support.clock import SettableClock

# Monday 7 December 2026, 09:00 in Berlin (CET, UTC+1).
MONDAY_9_BERLIN = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@dataclass
class World:
    services: Services
    clock: SettableClock
    org: Organization
    it: Department
    instructor: User
    other_instructor: User
    admin: User
    trainees: list[User]
    db: async_sessionmaker[AsyncSession]

    async def say(self, who: User, line: str) -> list[Reply]:
        return await self.services.chat.handle(console(who.email, line))

    async def said(self, who: User, line: str) -> str:
        return "\n".join(reply.text for reply in await self.say(who, line))

    async def press(self, who: User, action: str) -> list[Reply]:
        encoded = self.services.codec.encode(action, for_user=who.email)
        return await self.services.chat.handle(console(who.email, action=encoded))

    async def sql(self, statement: str, **params: Any) -> list[Any]:
        """As the owner, like an administrator at psql."""
        async with self.db() as session:
            result = await session.execute(text(statement), params)
            rows = list(result.all()) if statement.lstrip().upper().startswith("SELECT") else []
            await session.commit()
        return rows

    async def attendance(self, reference: int) -> dict[str, str]:
        rows = await self.sql(
            "SELECT u.email, a.status FROM session_attendances a JOIN users u ON u.id = a.user_id "
            "JOIN training_sessions s ON s.id = a.session_id WHERE s.organization_id = :org AND s.reference = :ref",
            org=self.org.id,
            ref=reference,
        )
        return {email: status for email, status in rows}


def buttons(replies: Iterable[Reply]) -> dict[str, str]:
    return {button.label: action_line(button) for reply in replies for button in reply.buttons}


async def make_world(db: async_sessionmaker[AsyncSession], tmp_path: Path, trainees: int = 3) -> World:
    async with db() as session:
        org = await factories.organization(session, settings={"timezone": "Europe/Berlin"})
        it = await factories.department(session, org, code="IT", name="Information Technology")
        instructor = await factories.user(session, org, "instructor", first_name="Irene", last_name="Instructor")
        other = await factories.user(session, org, "instructor", first_name="Oscar", last_name="Other")
        admin = await factories.user(session, org, "admin", first_name="Ada", last_name="Admin")
        people = [
            await factories.user(
                session, org, "trainee", first_name=f"Trainee{n}", last_name=f"T{n}", department_id=it.id
            )
            for n in range(trainees)
        ]
        await session.commit()
    clock = SettableClock(MONDAY_9_BERLIN)
    services = build_services(Settings(data_dir=tmp_path), db, clock)
    return World(services, clock, org, it, instructor, other, admin, people, db)
