"""The one way into the engine: the bus opens the unit of work (the tenant set, the update claimed), loads the
actor, runs the command's handler and the event handlers it raised, and commits.

Callers hand it a command and say who acts: `handle` for a known user (tests, jobs acting for someone),
`handle_chat` for a chat update, whose sender is found by the statement that opens the unit of work (the chat
layer then names the command, `decide`, inside that same transaction), and `handle_as_operator` for an
operator's Operation (the command line: no user acts, the tenant is entered and the handler's data returned).
"""

import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar, overload

from sqlalchemy import TextClause
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.actor import Actor, load_actor
from domain.command import Command as Command
from domain.command import Operation, Result
from domain.errors import SOMETHING_WENT_WRONG, DatabaseUnavailable, DomainError
from domain.events import Event
from domain.replies import Reply
from domain.statement_parts import actor_of
from domain.unit_of_work import Sender, UnitOfWork, UnitsOfWork

log = logging.getLogger(__name__)


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

    async def fetch_as_actor(self, statement: TextClause, **parameters: Any) -> Any:
        """How a `loads_actor_itself` handler opens: its hot statement (which reads the acting user by :actor_id,
        domain.statement_parts.ACTOR) on the driver, the actor identified from its row; the unknown and the
        deactivated are refused. Returns the row."""
        row = await self.uow.fetch_one(statement, {"actor_id": self.uow.actor_id, **parameters})
        self.identify(actor_of(None if row is None else row._mapping))
        return row

    @property
    def session(self) -> AsyncSession:
        return self.uow.session


Handler = Callable[[Context, Any], Awaitable[list[Reply]]]
EventHandler = Callable[[Context, Any], Awaitable[None]]
# Runs with the handler's replies inside the command's transaction, before commit (the chat layer keeps
# its conversation state this way, so a redelivered update changes that state no more than the rest).
AfterHandler = Callable[[Context, list[Reply]], Awaitable[None]]
AnyHandler = TypeVar("AnyHandler", bound=Handler)
# The chat layer, inside the sender's transaction: the command the update asks for, or replies when it asks none.
Decide = Callable[[UnitOfWork, Sender], Awaitable[Command | list[Reply]]]

# An operator's handler: the open unit of work (its tenant set, no actor) and the operation; returns data.
OperationHandler = Callable[[UnitOfWork, Any], Awaitable[Any]]

LOADS_ACTOR_ITSELF = "loads_actor_itself"


class Undone(Exception):
    """Raised by an operation's handler that decided to keep nothing (a strict import with errors): the unit of
    work rolls back and handle_as_operator returns `result`."""

    def __init__(self, result: Any) -> None:
        super().__init__("the operation kept nothing")
        self.result = result


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
        units: UnitsOfWork,
        handlers: Mapping[type[Command], Handler],
        event_handlers: Mapping[type[Event], Sequence[EventHandler]] | None = None,
        operations: Mapping[type[Command], OperationHandler] | None = None,
    ) -> None:
        self.units = units
        self.handlers = dict(handlers)
        self.event_handlers = dict(event_handlers or {})
        self.operations = dict(operations or {})

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        return self.units.sessionmaker

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
            async with self.units.open(organization_id=organization_id, actor_id=user_id) as uow:
                if update_key is not None and not await uow.claim_update(*update_key):
                    return []
                return await self.run(uow, command, after=after)
        except SQLAlchemyError as error:
            raise self._failure(command, error) from None

    async def handle_chat(
        self,
        platform: str,
        workspace_id: str,
        platform_user_id: str,
        update_key: str | None,
        decide: Decide,
        after: Callable[[Sender], AfterHandler] | None = None,
    ) -> list[Reply] | None:
        """Run what a chat update asks for, in one transaction opened by the statement that finds the linked
        sender, enters their organization and claims the update key (a redelivery returns no replies).

        None when the sender is not linked (nothing was entered or claimed). `decide` names the command in the
        transaction (or gives the replies when there is none); `after(sender)` runs with the command's replies
        before commit. Errors as for `handle`.
        """
        async with self.units.open(organization_id=None, tenant_later=True) as uow:
            known = await uow.enter_as_sender(platform, workspace_id, platform_user_id, update_key)
            if known is None:
                return None
            if not known.claimed:
                return []  # a redelivery: handled before
            step = await decide(uow, known.sender)
            if isinstance(step, Command):
                return await self.run(uow, step, after=None if after is None else after(known.sender))
            await uow.commit()
            return step

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
            raise self._failure(command, error) from None

    @overload
    async def handle_as_operator(self, organization_id: uuid.UUID | None, command: Operation[Result]) -> Result: ...

    @overload
    async def handle_as_operator(self, organization_id: uuid.UUID | None, command: Command) -> Any: ...

    async def handle_as_operator(self, organization_id: uuid.UUID | None, command: Command) -> Any:
        """Run an operator's command in one transaction and return what its handler gives (data, not replies).

        With `organization_id` the unit of work enters that tenant (row-level security applies; audit rows name
        no user); None runs it as the owner, for administration across tenants (creating an organization,
        finding one by its slug). Events it raises run in the same transaction. Domain errors carry their
        message; a handler raising Undone keeps nothing and its result is returned.
        """
        handler = self.operations[type(command)]
        try:
            async with self.units.open(organization_id=organization_id, as_owner=organization_id is None) as uow:
                try:
                    result = await handler(uow, command)
                except Undone as undone:
                    return undone.result
                await self._publish(Context(uow))
                await uow.commit()
                return result
        except SQLAlchemyError as error:
            raise self._failure(command, error) from None

    async def publish(self, event: Event, organization_id: uuid.UUID) -> None:
        """Run an event's handlers outside any command (a scheduled job raised it), in its tenant's transaction."""
        async with self.units.open(organization_id=organization_id) as uow:
            uow.emit(event)
            await self._publish(Context(uow))
            await uow.commit()

    async def _publish(self, context: Context) -> None:
        while context.uow.events:
            event = context.uow.events.pop(0)
            for handler in self.event_handlers.get(type(event), ()):
                await handler(context, event)

    def _failure(self, command: Command, error: SQLAlchemyError) -> Exception:
        return database_failure(command, error, self.units.connection_lost(error))


def database_failure(command: Command, error: SQLAlchemyError, connection_lost: bool) -> Exception:
    """What a database error becomes: DatabaseUnavailable when the connection failed (try again), else the
    apology (a statement failed: a bug, logged with its traceback)."""
    if connection_lost:
        log.warning("command %s lost its database connection: %s", type(command).__name__, error)
        return DatabaseUnavailable()
    log.error("command %s failed in the database", type(command).__name__, exc_info=error)
    return DomainError(SOMETHING_WENT_WRONG)
