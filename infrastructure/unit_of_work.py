"""The unit of work on PostgreSQL (domain.unit_of_work.UnitOfWork): one command, one transaction, run as the
runtime role with the tenant set, every change audited.

Hot statements on the driver; everything else through the ORM: the transaction begins on asyncpg's own
connection (BEGIN and the tenant in one round trip), `fetch` runs the hot text() statements there
(infrastructure.driver_statements), and `session` is SQLAlchemy's ORM on the same connection and transaction.
"""

import uuid
import weakref
from collections.abc import Mapping, Sequence
from datetime import timedelta
from types import TracebackType
from typing import Any, Self

import asyncpg
from sqlalchemy import Connection, Engine, PoolProxiedConnection, TextClause, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.util import await_only

from domain.events import Event
from domain.models import AuditLog
from domain.unit_of_work import KnownSender, Sender, jsonable
from infrastructure import driver_statements, job_queue

# Created by migration 0004; neither superuser nor BYPASSRLS, so row-level security applies to it.
RUNTIME_ROLE = "learnbot_app"

ENTER_TENANT = text(
    "SELECT set_config('role', :role, true), set_config('app.current_organization_id', :organization_id, true)"
)

# Prepared statements use their generic plan from the first execution. PostgreSQL's default plans the first
# five executions on each connection afresh, and the hot-path statements (CTEs under row-level security)
# take about 4 ms to plan against 1 ms to run; their parameters are ids, so a custom plan gains nothing.
GENERIC_PLANS = "set_config('plan_cache_mode', 'force_generic_plan', true)"

CLAIM_UPDATE = text(
    "INSERT INTO processed_updates (platform, update_key) VALUES (:platform, :update_key) "
    "ON CONFLICT DO NOTHING RETURNING 1"
)

# The sender, their tenant entered and the update claimed, in the statement that opens the command's
# transaction (find_chat_sender is SECURITY DEFINER: migrations 0005, 0008). An unknown sender claims nothing:
# linking claims in its own transaction. touch_chat_identity (0012) keeps the platform they use last for deliveries;
# since 0020 it writes only when that platform changes (or they were unreachable), so most updates only read.
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


class PostgresUnitsOfWork:
    """Opens PostgresUnitOfWork on one sessionmaker (domain.unit_of_work.UnitsOfWork)."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        return self._sessionmaker

    def open(
        self,
        *,
        organization_id: uuid.UUID | None,
        actor_id: uuid.UUID | None = None,
        as_owner: bool = False,
        tenant_later: bool = False,
    ) -> "PostgresUnitOfWork":
        return PostgresUnitOfWork(
            self._sessionmaker,
            organization_id=organization_id,
            actor_id=actor_id,
            as_owner=as_owner,
            tenant_later=tenant_later,
        )

    async def claim_update(self, platform: str, update_key: str) -> bool:
        """Record an update as handled on its own, in autocommit mode; False when it was handled before."""
        engine = self._sessionmaker.kw["bind"]
        claimed = await driver_statements.autocommit(
            engine, CLAIM_UPDATE, {"platform": platform, "update_key": update_key}
        )
        return bool(claimed)

    def connection_lost(self, error: BaseException) -> bool:
        return connection_lost(error)


class PostgresUnitOfWork:
    """A transaction for one command. Rolls back unless `commit()` is called.

    With `organization_id` the transaction runs as the runtime role with that tenant, so PostgreSQL
    row-level security hides every other organization. `as_owner=True` keeps the connecting role
    (migrations' owner) for administration that spans tenants, such as creating an organization.
    `tenant_later=True` begins as the runtime role with no tenant, which sees no tenant's rows until a
    statement sets one and `enter_tenant` records it.
    """

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        organization_id: uuid.UUID | None,
        actor_id: uuid.UUID | None = None,
        as_owner: bool = False,
        tenant_later: bool = False,
    ) -> None:
        if organization_id is None and not (as_owner or tenant_later):
            raise ValueError("a tenant transaction needs an organization_id (or tenant_later=True)")
        self._sessionmaker = sessionmaker
        self.organization_id = organization_id
        self.actor_id = actor_id
        self.as_owner = as_owner
        self._committed = False
        self.session: AsyncSession
        self._driver: Any = None
        self._driver_connection: Connection | None = None
        self._begin_pending = False
        self.events: list[Event] = []

    async def __aenter__(self) -> Self:
        self.session = self._sessionmaker()
        if not self.as_owner:
            try:
                await self._begin()
            except BaseException:
                await self.session.close()
                raise
        return self

    async def _begin(self) -> None:
        organization_id = None if self.organization_id is None else canonical_uuid(self.organization_id)
        if self.session.get_bind().dialect.driver != "asyncpg":
            await self.session.execute(ENTER_TENANT, {"role": RUNTIME_ROLE, "organization_id": organization_id or ""})
            return
        # BEGIN and the tenant settings travel in one round trip (the simple query protocol takes several
        # statements, but no parameters: the role is a constant, the tenant a canonical UUID). The driver
        # adapter runs in autocommit mode so it sends no BEGIN of its own; the engine's listeners (see
        # _driver_transactions) end the transaction whenever SQLAlchemy commits or rolls back, so
        # session.commit() keeps working.
        connection = await self.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        sync_connection = connection.sync_connection
        assert sync_connection is not None
        _listen_once(sync_connection.engine)
        driver = driver_of(await connection.get_raw_connection())
        try:
            await driver.execute(self._begin_statement())
        except Exception as error:
            await connection.invalidate(error)
            raise OperationalError("BEGIN", None, error, connection_invalidated=True) from error
        _driver_transactions.add(sync_connection)
        self._driver, self._driver_connection = driver, sync_connection

    def _begin_statement(self) -> str:
        begin = f"BEGIN; SELECT set_config('role', '{RUNTIME_ROLE}', true), {GENERIC_PLANS}"
        if self.organization_id is not None:
            begin += f", set_config('app.current_organization_id', '{canonical_uuid(self.organization_id)}', true)"
        return begin

    async def commit_so_far(self) -> None:
        """Commit what this unit of work did so far and go on in a new transaction on the same connection, as the
        same role in the same tenant: what follows waits for no connection from the pool. The new transaction
        begins with the next statement, so nothing else happens between this commit and what the caller does
        next (the delivery worker's send). What follows goes through fetch, enqueue, record and commit (which
        begin it); a statement on `session` directly would run outside it, as the connecting role."""
        if self._driver is None or self._driver_connection is None or self._begin_pending:
            raise RuntimeError("commit_so_far needs a transaction begun on the driver (a tenant's, on asyncpg)")
        if self.session.new or self.session.dirty or self.session.deleted:
            await self.session.flush()
        try:
            status = await self._driver.execute("COMMIT")
        except Exception as error:
            await (await self.session.connection()).invalidate(error)
            raise OperationalError("COMMIT", None, error, connection_invalidated=True) from error
        self._begin_pending = True
        if status != "COMMIT":  # the transaction had failed: nothing was written
            raise OperationalError("COMMIT", None, RuntimeError(f"the transaction failed and ended with {status}"))

    async def _begin_again(self) -> None:
        """Begin the transaction that commit_so_far left for the next statement."""
        self._begin_pending = False
        try:
            await self._driver.execute(self._begin_statement())
        except Exception as error:
            await (await self.session.connection()).invalidate(error)
            raise OperationalError("BEGIN", None, error, connection_invalidated=True) from error

    async def enter_as_sender(
        self, platform: str, workspace_id: str, platform_user_id: str, update_key: str | None
    ) -> KnownSender | None:
        """In a unit of work begun with tenant_later: find the linked sender, enter their organization and claim
        the update, in one round trip; None (and nothing entered or claimed) for someone not linked."""
        parameters = {
            "platform": platform,
            "workspace": workspace_id,
            "user": platform_user_id,
            "update_key": update_key,
        }
        row = await self.fetch_one(ENTER_AS_SENDER, parameters)
        if row is None:
            return None
        self.enter_tenant(row.organization_id, row.user_id)
        sender = Sender(row.chat_identity_id, row.user_id, row.organization_id, row.pending_action, row.pending_since)
        return KnownSender(sender, row.claimed)

    def enter_tenant(self, organization_id: uuid.UUID, actor_id: uuid.UUID | None) -> None:
        """Record the tenant that a statement of this transaction set (app.current_organization_id) itself.

        For a unit of work begun with `tenant_later=True`: the chat layer finds the sender and sets their
        organization in one statement, so the command that follows runs in the same transaction.
        """
        if self.organization_id is not None:
            raise RuntimeError("this unit of work already has its tenant")
        self.organization_id, self.actor_id = organization_id, actor_id

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if not self._committed:
                await self.session.rollback()
        finally:
            await self.session.close()

    def record(
        self,
        action: str,
        entity_type: str,
        entity_id: uuid.UUID | None,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        organization_id: uuid.UUID | None = None,
    ) -> None:
        """Add the audit-log row for a change; it commits or rolls back with the change itself."""
        changes = {"before": jsonable(before), "after": jsonable(after)} if before or after else None
        self.session.add(
            AuditLog(
                organization_id=organization_id or self.organization_id,
                user_id=self.actor_id,
                action=action,
                entity_type=entity_type,
                entity_id=entity_id,
                changes=changes,
            )
        )

    async def fetch(self, statement: TextClause, parameters: Mapping[str, Any]) -> list[Any]:
        """The rows of a text statement, run on the driver's connection (see driver_statements) when the unit of
        work began the transaction there; rows read like SQLAlchemy's either way."""
        if self._driver_connection is None:
            return list((await self.session.execute(statement, parameters)).all())
        if self._begin_pending:
            await self._begin_again()
        if self.session.new or self.session.dirty or self.session.deleted:
            await self.session.flush()  # the ORM's pending changes go first, as session.execute would send them
        try:
            return await driver_statements.fetch(self._driver_connection, self._driver, statement, parameters)
        except OperationalError:
            await (await self.session.connection()).invalidate()  # never back to the pool
            raise

    async def fetch_one(self, statement: TextClause, parameters: Mapping[str, Any]) -> Any:
        """The first row of `fetch`, or None."""
        rows = await self.fetch(statement, parameters)
        return rows[0] if rows else None

    async def claim_update(self, platform: str, update_key: str) -> bool:
        """Record a platform update as handled in this transaction; False if it was handled before.

        A concurrent redelivery waits on this row and then finds it, so the effect happens exactly once;
        if this transaction rolls back, the claim goes with it and a redelivery can try again.
        """
        return bool(await self.fetch(CLAIM_UPDATE, {"platform": platform, "update_key": update_key}))

    async def enqueue(self, entrypoint: str, payloads: Sequence[bytes], after: timedelta | None = None) -> None:
        """Queue jobs (infrastructure.job_queue) in this transaction, the ORM's pending changes flushed first."""
        if self._begin_pending:
            await self._begin_again()
        if self.session.new or self.session.dirty or self.session.deleted:
            await self.session.flush()
        driver = self._driver or driver_of(await (await self.session.connection()).get_raw_connection())
        await job_queue.enqueue(driver, entrypoint, payloads, after)

    def emit(self, event: Event) -> None:
        """Raise a domain event; its handlers run in this same transaction, before commit."""
        self.events.append(event)

    async def commit(self) -> None:
        if self._committed:
            raise RuntimeError("this unit of work was already committed; start a new one")
        if self._begin_pending and (self.session.new or self.session.dirty or self.session.deleted):
            await self._begin_again()  # the ORM's pending changes (audit rows) are written in the tenant
        await self.session.commit()
        self._committed = True


# Raised by the driver when it cannot connect: the server is down, starting up or full.
_UNREACHABLE = (OSError, asyncpg.InterfaceError, asyncpg.CannotConnectNowError, asyncpg.TooManyConnectionsError)


def connection_lost(error: BaseException) -> bool:
    """The database could not be reached, or the connection failed and was dropped from the pool: the error is
    not a statement's, the transaction committed nothing, and trying again is safe."""
    if isinstance(error, DBAPIError):
        return error.connection_invalidated
    return isinstance(error, _UNREACHABLE)


def canonical_uuid(value: uuid.UUID | str) -> str:
    """The UUID as PostgreSQL prints it; anything else raises ValueError (it goes into SQL text)."""
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def driver_of(connection: PoolProxiedConnection) -> Any:
    """The driver's own connection (asyncpg's) under SQLAlchemy's pooled one."""
    if connection.driver_connection is None:
        raise OperationalError(None, None, RuntimeError("the database connection is closed"))
    return connection.driver_connection


# Connections in a transaction that UnitOfWork._begin began on the driver; the engine's listeners end it.
_driver_transactions: "weakref.WeakSet[Connection]" = weakref.WeakSet()
_listening_engines: "weakref.WeakSet[Engine]" = weakref.WeakSet()


def _listen_once(engine: Engine) -> None:
    # On the engine, once: listening on each connection costs more than the round trip it saves.
    if engine not in _listening_engines:
        event.listen(engine, "commit", _commit_on_driver)
        event.listen(engine, "rollback", _rollback_on_driver)
        _listening_engines.add(engine)


def _commit_on_driver(connection: Connection) -> None:
    """SQLAlchemy commits: COMMIT the transaction that UnitOfWork._begin began (runs inside SQLAlchemy's greenlet)."""
    if connection not in _driver_transactions:
        return
    _driver_transactions.discard(connection)
    try:
        status = await_only(driver_of(connection.connection).execute("COMMIT"))
    except Exception as error:
        connection.invalidate(error)
        raise OperationalError("COMMIT", None, error, connection_invalidated=True) from error
    if status != "COMMIT":
        # PostgreSQL answers a COMMIT of a failed transaction with ROLLBACK: nothing was written.
        raise OperationalError("COMMIT", None, RuntimeError(f"the transaction failed and ended with {status}"))


def _rollback_on_driver(connection: Connection) -> None:
    """SQLAlchemy rolls back (or closes without committing): ROLLBACK, or drop a connection that can't."""
    if connection not in _driver_transactions:
        return
    _driver_transactions.discard(connection)
    if connection.invalidated or connection.closed:
        return
    try:
        await_only(driver_of(connection.connection).execute("ROLLBACK"))
    except Exception as error:
        # The server ends the transaction when the connection goes; it must never return to the pool.
        connection.invalidate(error)
