"""A durable inbox for adapters that must acknowledge before they work (Slack: within 3 seconds).

    if await inbox.accept(incoming):        # stored; False when this update key was received before
        ack()
        replies = await inbox.process(incoming)   # the chat layer's replies; the row is marked handled
        ...send replies...

A crash between the ack and the work strands a row; `sweep()` (run by `learnbot serve`) works on rows
left unhandled for GRACE and sends the replies through the platform's ChatBackend (the composition root
gives the inbox the backends). Effects happen once whatever runs twice: the message bus claims each update
key in the command's transaction.
"""

import dataclasses
import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.backend import ChatAddress, ChatBackend, SendFailed
from adapters.chat.incoming import ChatHandler, Incoming
from domain.models.enums import ChatPlatform
from domain.replies import Reply
from infrastructure.chat_lookups import single_statement
from infrastructure.driver_statements import scalar

log = logging.getLogger(__name__)

GRACE = timedelta(seconds=60)
SWEEP_BATCH = 50

ACCEPT = text(
    "INSERT INTO chat_inbox (platform, update_key, incoming) VALUES (:platform, :key, CAST(:incoming AS jsonb)) "
    "ON CONFLICT DO NOTHING RETURNING 1"
)
MARK_HANDLED = text(
    "UPDATE chat_inbox SET handled_at = now() WHERE platform = :platform AND update_key = :key AND handled_at IS NULL"
)
# Leasing by moving received_at forward: another sweeper skips the rows for GRACE, with no open transaction.
LEASE_STRANDED = text("""
    UPDATE chat_inbox SET received_at = now()
    WHERE (platform, update_key) IN (
        SELECT platform, update_key FROM chat_inbox
        WHERE handled_at IS NULL AND received_at < now() - make_interval(secs => :grace)
        ORDER BY received_at LIMIT :batch FOR UPDATE SKIP LOCKED
    )
    RETURNING incoming
""")


def to_json(incoming: Incoming) -> dict[str, Any]:
    """The Incoming as JSONB can hold it (which refuses NUL characters)."""
    values = {
        name: value.replace("\x00", "") if isinstance(value, str) else value
        for name, value in dataclasses.asdict(incoming).items()
    }
    return {**values, "platform": str(incoming.platform)}


def from_json(data: dict[str, Any]) -> Incoming:
    known = {f.name for f in dataclasses.fields(Incoming)}
    values = {name: value for name, value in data.items() if name in known}
    return Incoming(**{**values, "platform": ChatPlatform(values["platform"])})


class Inbox(Protocol):
    """What an adapter that acks first needs of the inbox (DatabaseInbox; tests may use a fake)."""

    async def accept(self, incoming: Incoming) -> bool:
        """Stores the update; False when its key was stored before."""
        ...

    async def process(self, incoming: Incoming) -> list[Reply]:
        """Runs a stored update through the conversation layer and marks it handled."""
        ...


class DatabaseInbox:
    """The inbox on the chat_inbox table. `backends` send the replies of swept updates, by platform."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        chat: ChatHandler,
        backends: Mapping[ChatPlatform, ChatBackend] | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.chat = chat
        self.backends: dict[ChatPlatform, ChatBackend] = dict(backends or {})

    async def accept(self, incoming: Incoming) -> bool:
        """Store the update before it is acknowledged; False when its key was received before."""
        if incoming.update_key is None:
            raise ValueError("the inbox needs an update key to recognise redeliveries")
        stored = await single_statement(
            self.sessionmaker,
            ACCEPT,
            platform=str(incoming.platform),
            key=incoming.update_key,
            incoming=json.dumps(to_json(incoming)),
        )
        return scalar(stored) is not None

    async def process(self, incoming: Incoming) -> list[Reply]:
        """Run an accepted update through the chat layer and mark it handled; returns the replies to send."""
        replies = await self.chat.handle(incoming)
        await single_statement(
            self.sessionmaker, MARK_HANDLED, platform=str(incoming.platform), key=incoming.update_key
        )
        return replies

    async def sweep(self, grace: timedelta = GRACE) -> int:
        """Work on updates stranded for longer than `grace`; returns how many were taken."""
        leased = await single_statement(
            self.sessionmaker, LEASE_STRANDED, grace=grace.total_seconds(), batch=SWEEP_BATCH
        )
        rows = [row[0] for row in leased]
        for data in rows:
            incoming = from_json(data)
            try:
                replies = await self.process(incoming)
                backend = self.backends.get(incoming.platform)
                if backend is not None and replies:
                    await backend.send(address_of(incoming), replies)
            except SendFailed as failure:
                log.warning(
                    "the replies to swept %s update %s were not sent: %r",
                    incoming.platform,
                    incoming.update_key,
                    failure,
                )
            except Exception:
                log.exception("sweeping %s update %s failed", incoming.platform, incoming.update_key)
        return len(rows)


def address_of(incoming: Incoming) -> ChatAddress:
    """Where the replies to an update go: the sender's chat."""
    return ChatAddress(incoming.platform, incoming.workspace_id, incoming.platform_user_id, incoming.chat_id or None)
