"""Runs one command in one transaction: tenant set, actor loaded, handler, event handlers, commit."""

import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.actor import Actor, load_actor
from domain.errors import DomainError
from domain.events import Event
from domain.replies import Reply
from domain.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = "Sorry, something went wrong on our side and nothing was changed. Please try again."


class Command(BaseModel):
    """An intent, named as a verb (Enroll, CompleteItem). Validated before any handler runs."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)


@dataclass(frozen=True)
class Context:
    """What a handler works with: the open transaction and the person acting."""

    uow: UnitOfWork
    actor: Actor

    @property
    def session(self) -> AsyncSession:
        return self.uow.session


Handler = Callable[[Context, Any], Awaitable[list[Reply]]]
EventHandler = Callable[[Context, Any], Awaitable[None]]


class MessageBus:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        handlers: Mapping[type[Command], Handler],
        event_handlers: Mapping[type[Event], Sequence[EventHandler]] | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.handlers = dict(handlers)
        self.event_handlers = dict(event_handlers or {})

    async def handle(
        self,
        user_id: uuid.UUID,
        organization_id: uuid.UUID,
        command: Command,
        *,
        update_key: tuple[str, str] | None = None,
    ) -> list[Reply]:
        """Run `command` for the user; DomainError carries the message to show, nothing else escapes.

        With `update_key` (platform, key) the command runs at most once per key: a redelivered update
        returns no replies and changes nothing.
        """
        handler = self.handlers[type(command)]
        try:
            async with UnitOfWork(self.sessionmaker, organization_id=organization_id, actor_id=user_id) as uow:
                if update_key is not None and not await uow.claim_update(*update_key):
                    return []
                context = Context(uow, await load_actor(uow.session, user_id))
                replies = await handler(context, command)
                await self._publish(context)
                await uow.commit()
                return replies
        except SQLAlchemyError:
            log.exception("command %s failed in the database", type(command).__name__)
            raise DomainError(SOMETHING_WENT_WRONG) from None

    async def _publish(self, context: Context) -> None:
        while context.uow.events:
            event = context.uow.events.pop(0)
            for handler in self.event_handlers.get(type(event), ()):
                await handler(context, event)
