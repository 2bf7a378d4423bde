"""What the chat layer asks before the tenant is known, through SECURITY DEFINER functions (0005, 0008).

(A linked sender's update is found by the unit of work itself: PostgresUnitOfWork.enter_as_sender.)

Each function answers only for one exact key (an invite code, a Slack team, a chat identity) and runs with
its owner's rights whoever calls it, so each lookup is one statement in autocommit mode: one round trip,
no transaction to begin and end.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.unit_of_work import Sender
from infrastructure import driver_statements
from infrastructure.driver_statements import Row, first, scalar

FIND_SENDER = text("SELECT * FROM find_chat_sender(:platform, :workspace, :user)")
FIND_INVITE = text("SELECT * FROM find_invite(:code)")
FIND_SLACK_WORKSPACE = text("SELECT find_slack_workspace(:team)")
FIND_USERS_BY_PHONE = text("SELECT * FROM find_users_by_phone(:phone)")
FIND_USERS_BY_EMAIL = text("SELECT * FROM find_users_by_email(:email)")
REMEMBER_TELEGRAM_POLL = text(
    "SELECT remember_telegram_poll(:poll_id, :platform_user_id, :chat_id, :message_id, :answer_action)"
)


@dataclass(frozen=True)
class Person:
    user_id: uuid.UUID
    organization_id: uuid.UUID


@dataclass(frozen=True)
class InviteFound:
    user_id: uuid.UUID
    organization_id: uuid.UUID
    expires_at: datetime
    used_at: datetime | None


async def single_statement(
    sessionmaker: async_sessionmaker[AsyncSession], statement: TextClause, **parameters: Any
) -> list[Row]:
    """Run one statement in autocommit mode (on the driver: infrastructure.driver_statements); its rows."""
    return await driver_statements.autocommit(sessionmaker.kw["bind"], statement, parameters)


async def find_sender(
    sessionmaker: async_sessionmaker[AsyncSession], platform: str, workspace_id: str, platform_user_id: str
) -> Sender | None:
    found = await single_statement(
        sessionmaker, FIND_SENDER, platform=platform, workspace=workspace_id, user=platform_user_id
    )
    row = first(found)
    if row is None:
        return None
    return Sender(row.chat_identity_id, row.user_id, row.organization_id, row.pending_action, row.pending_since)


async def find_invite(sessionmaker: async_sessionmaker[AsyncSession], code: str) -> InviteFound | None:
    row = first(await single_statement(sessionmaker, FIND_INVITE, code=code))
    return None if row is None else InviteFound(row.user_id, row.organization_id, row.expires_at, row.used_at)


async def find_slack_workspace(sessionmaker: async_sessionmaker[AsyncSession], team_id: str) -> uuid.UUID | None:
    found: uuid.UUID | None = scalar(await single_statement(sessionmaker, FIND_SLACK_WORKSPACE, team=team_id))
    return found


async def find_people_by_phone(sessionmaker: async_sessionmaker[AsyncSession], phone: str) -> list[Person]:
    rows = await single_statement(sessionmaker, FIND_USERS_BY_PHONE, phone=phone)
    return [Person(row.user_id, row.organization_id) for row in rows]


async def find_people_by_email(sessionmaker: async_sessionmaker[AsyncSession], email: str) -> list[Person]:
    rows = await single_statement(sessionmaker, FIND_USERS_BY_EMAIL, email=email)
    return [Person(row.user_id, row.organization_id) for row in rows]
