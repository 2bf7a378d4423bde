"""What the chat layer asks before the tenant is known, through SECURITY DEFINER functions (0005, 0008).

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

from domain import driver_statements
from domain.driver_statements import Row, first, scalar
from domain.unit_of_work import CLAIM_UPDATE, UnitOfWork

FIND_SENDER = text("SELECT * FROM find_chat_sender(:platform, :workspace, :user)")
FIND_INVITE = text("SELECT * FROM find_invite(:code)")
FIND_SLACK_WORKSPACE = text("SELECT find_slack_workspace(:team)")
FIND_USERS_BY_PHONE = text("SELECT * FROM find_users_by_phone(:phone)")
FIND_USERS_BY_EMAIL = text("SELECT * FROM find_users_by_email(:email)")
REMEMBER_TELEGRAM_POLL = text(
    "SELECT remember_telegram_poll(:poll_id, :platform_user_id, :chat_id, :message_id, :answer_action)"
)


@dataclass(frozen=True)
class Sender:
    """A linked chat identity: who is writing, in which organization, and the prompt their next text answers."""

    identity_id: uuid.UUID
    user_id: uuid.UUID
    organization_id: uuid.UUID
    pending_action: str | None = None
    pending_since: datetime | None = None


@dataclass(frozen=True)
class KnownSender:
    sender: Sender
    # False: the update key was handled before (a redelivery), so nothing more may happen.
    claimed: bool


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
    """Run one statement in autocommit mode (on the driver, see domain.driver_statements) and return its rows."""
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


# The sender, their tenant entered and the update claimed, in the statement that opens the command's
# transaction. An unknown sender claims nothing: linking claims in its own transaction.
ENTER_AS_SENDER = text("""
WITH sender AS (
    SELECT * FROM find_chat_sender(:platform, :workspace, :user)
), claim AS (
    INSERT INTO processed_updates (platform, update_key)
    SELECT :platform, CAST(:update_key AS text) FROM sender WHERE CAST(:update_key AS text) IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT s.chat_identity_id, s.user_id, s.organization_id, s.pending_action, s.pending_since,
       set_config('app.current_organization_id', s.organization_id::text, true) AS tenant,
       CAST(:update_key AS text) IS NULL OR EXISTS (SELECT 1 FROM claim) AS claimed,
       touch_chat_identity(s.chat_identity_id) AS seen
FROM sender s
""")


async def enter_as_sender(
    uow: UnitOfWork, platform: str, workspace_id: str, platform_user_id: str, update_key: str | None
) -> KnownSender | None:
    """In a unit of work begun with tenant_later: find the linked sender, enter their organization and claim
    the update, in one round trip; None (and nothing entered or claimed) for someone not linked."""
    parameters = {"platform": platform, "workspace": workspace_id, "user": platform_user_id, "update_key": update_key}
    row = await uow.fetch_one(ENTER_AS_SENDER, parameters)
    if row is None:
        return None
    uow.enter_tenant(row.organization_id, row.user_id)
    sender = Sender(row.chat_identity_id, row.user_id, row.organization_id, row.pending_action, row.pending_since)
    return KnownSender(sender, row.claimed)


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


async def claim_update(sessionmaker: async_sessionmaker[AsyncSession], platform: str, update_key: str) -> bool:
    """Record an update as handled on its own (no command ran for it); False when it was handled before."""
    claimed = scalar(await single_statement(sessionmaker, CLAIM_UPDATE, platform=platform, update_key=update_key))
    return claimed is not None
