"""Rows for tests, written as the owner (no tenant), with defaults that only need overriding when they matter."""

import secrets
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import Content, Course, Department, Enrollment, Module, Organization, User

# Organizations settings without quiet hours: for tests whose announcements must go out whatever the time of day
# they run at (without the key, an organization is quiet 20:00-08:00 UTC and holds them until morning).
NO_QUIET_HOURS = {"quiet_hours": False}


def unique(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


async def organization(session: AsyncSession, **fields: Any) -> Organization:
    slug = unique("org")
    row = Organization(**{"name": slug.title(), "slug": slug, **fields})
    session.add(row)
    await session.flush()
    return row


async def department(session: AsyncSession, org: Organization, **fields: Any) -> Department:
    row = Department(**{"organization_id": org.id, "name": "Engineering", "code": unique("ENG"), **fields})
    session.add(row)
    await session.flush()
    return row


async def user(session: AsyncSession, org: Organization, role: str = "trainee", **fields: Any) -> User:
    handle = unique(role)
    row = User(
        **{
            "organization_id": org.id,
            "employee_id": handle,
            "username": handle,
            "email": f"{handle}@example.com",
            "password_hash": "!",
            "first_name": "Test",
            "last_name": role.title(),
            "role": role,
            **fields,
        }
    )
    session.add(row)
    await session.flush()
    return row


async def course(session: AsyncSession, org: Organization, instructor: User, **fields: Any) -> Course:
    row = Course(
        **{"organization_id": org.id, "course_code": unique("C"), "title": "A course", "instructor_id": instructor.id}
        | fields
    )
    session.add(row)
    await session.flush()
    return row


async def module(session: AsyncSession, course_row: Course, order: int, **fields: Any) -> Module:
    row = Module(**{"course_id": course_row.id, "title": f"Module {order}", "order": order, **fields})
    session.add(row)
    await session.flush()
    return row


async def content(session: AsyncSession, module_row: Module, order: int, **fields: Any) -> Content:
    row = Content(
        **{"module_id": module_row.id, "content_type": "text", "title": f"Item {order}", "order": order, **fields}
    )
    session.add(row)
    await session.flush()
    return row


async def enrollment(session: AsyncSession, trainee: User, course_row: Course, **fields: Any) -> Enrollment:
    row = Enrollment(**{"trainee_id": trainee.id, "course_id": course_row.id, **fields})
    session.add(row)
    await session.flush()
    return row


def new_id() -> uuid.UUID:
    return uuid.uuid4()
