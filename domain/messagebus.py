"""Runs one command in one transaction: tenant set, actor loaded, handler, event handlers, commit."""

import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.actor import Actor, load_actor
from domain.errors import DatabaseUnavailable, DomainError
from domain.events import Event
from domain.replies import Reply
from domain.unit_of_work import UnitOfWork, connection_lost

log = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = "Sorry, something went wrong on our side and nothing was changed. Please try again."


class Command(BaseModel):
    """An intent, named as a verb (Enroll, CompleteItem). Validated before any handler runs."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)


class Context:
    """What a handler works with: the open transaction and the person acting."""

    def __init__(self, uow: UnitOfWork, actor: Actor | None = None) -> None:
        self.uow = uow
        self._actor = actor
        # Replies that event handlers add for the person acting (a certificate issued by their "done"),
        # sent after the command handler's own.
        self.followups: list[Reply] = []

    @property
    def actor(self) -> Actor:
        if self._actor is None:
            raise RuntimeError("the actor is not loaded yet; a loads_actor_itself handler must call identify()")
        return self._actor

    def identify(self, actor: Actor) -> None:
        """Set the actor that a `loads_actor_itself` handler loaded in its own statement."""
        self._actor = actor

    @property
    def session(self) -> AsyncSession:
        return self.uow.session


Handler = Callable[[Context, Any], Awaitable[list[Reply]]]
EventHandler = Callable[[Context, Any], Awaitable[None]]
# Runs with the handler's replies inside the command's transaction, before commit (the chat layer keeps
# its conversation state this way, so a redelivered update changes that state no more than the rest).
AfterHandler = Callable[[Context, list[Reply]], Awaitable[None]]
AnyHandler = TypeVar("AnyHandler", bound=Handler)

LOADS_ACTOR_ITSELF = "loads_actor_itself"


def loads_actor_itself(handler: AnyHandler) -> AnyHandler:
    """Mark a hot-path handler that reads the acting user in its own first statement, saving a round trip.

    The bus then skips load_actor; the handler must refuse the unknown and the deactivated (actor_from_row
    does) before anything else and call `ctx.identify(actor)`. It finds the user id in `ctx.uow.actor_id`.
    """
    setattr(handler, LOADS_ACTOR_ITSELF, True)
    return handler


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
        after: AfterHandler | None = None,
    ) -> list[Reply]:
        """Run `command` for the user; DomainError carries the message to show, nothing else escapes.

        With `update_key` (platform, key) the command runs at most once per key: a redelivered update
        returns no replies and changes nothing. `after` runs with the replies in the same transaction.
        """
        try:
            async with UnitOfWork(self.sessionmaker, organization_id=organization_id, actor_id=user_id) as uow:
                if update_key is not None and not await uow.claim_update(*update_key):
                    return []
                return await self.run(uow, command, after=after)
        except SQLAlchemyError as error:
            raise database_failure(command, error) from None

    async def run(self, uow: UnitOfWork, command: Command, *, after: AfterHandler | None = None) -> list[Reply]:
        """Run `command` in a unit of work that is open with its tenant and actor set, and commit it.

        For a caller that did its own work in the transaction first (the chat layer finds the sender and
        claims the update in the statement that opens it). Errors as for `handle`; the caller's unit of
        work then rolls back when it closes.
        """
        handler = self.handlers[type(command)]
        assert uow.actor_id is not None
        try:
            if getattr(handler, LOADS_ACTOR_ITSELF, False):
                context = Context(uow)
            else:
                context = Context(uow, await load_actor(uow.session, uow.actor_id))
            replies = await handler(context, command)
            await self._publish(context)
            replies = [*replies, *context.followups]
            if after is not None:
                await after(context, replies)
            await uow.commit()
            return replies
        except SQLAlchemyError as error:
            raise database_failure(command, error) from None

    async def publish(self, event: Event, organization_id: uuid.UUID) -> None:
        """Run an event's handlers outside any command (a scheduled job raised it), in its tenant's transaction."""
        async with UnitOfWork(self.sessionmaker, organization_id=organization_id) as uow:
            uow.emit(event)
            await self._publish(Context(uow))
            await uow.commit()

    async def _publish(self, context: Context) -> None:
        while context.uow.events:
            event = context.uow.events.pop(0)
            for handler in self.event_handlers.get(type(event), ()):
                await handler(context, event)


def database_failure(command: Command, error: SQLAlchemyError) -> Exception:
    """What a database error becomes: DatabaseUnavailable when the connection failed (try again), else the
    apology (a statement failed: a bug, logged with its traceback)."""
    if connection_lost(error):
        log.warning("command %s lost its database connection: %s", type(command).__name__, error)
        return DatabaseUnavailable()
    log.error("command %s failed in the database", type(command).__name__, exc_info=error)
    return DomainError(SOMETHING_WENT_WRONG)
