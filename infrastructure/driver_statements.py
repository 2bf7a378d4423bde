"""Text statements run on the driver's own connection, for the statements every chat update runs.

SQLAlchemy's execution path costs about 100 µs of CPU per statement on top of asyncpg's 10 (compiled-cache
lookup, execution context, cursor adaptation, result metadata); for an update of two or three statements
that is a tenth of its CPU. The hot statements are text() already, so they are compiled to asyncpg's
placeholders once and run on the unit of work's connection, inside its transaction. Rows read like
SQLAlchemy's (row.column, row._mapping); a failure raises SQLAlchemy's DBAPIError like any statement (its
OperationalError when the connection itself failed, which is then never reused), and
the engine's before_cursor_execute listeners (tests, benches) see each statement as they see the others.
"""

import weakref
from collections.abc import Mapping
from typing import Any

import asyncpg
from sqlalchemy import Connection, TextClause
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

Compiled = tuple[str, tuple[str, ...]]
_compiled: "weakref.WeakKeyDictionary[TextClause, Compiled]" = weakref.WeakKeyDictionary()


class Row:
    """A driver row read by attribute or, through _mapping, by name."""

    __slots__ = ("_mapping",)

    def __init__(self, record: Any) -> None:
        self._mapping = record

    def __getattr__(self, name: str) -> Any:
        try:
            return self._mapping[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, index: int) -> Any:
        return self._mapping[index]


def compiled(statement: TextClause, dialect: Dialect) -> Compiled:
    """The statement's SQL with $n placeholders, and the parameter names in their order."""
    found = _compiled.get(statement)
    if found is None:
        sql = statement.compile(dialect=dialect)
        found = _compiled[statement] = (str(sql), tuple(sql.positiontup or ()))
    return found


async def fetch(connection: Connection, driver: Any, statement: TextClause, parameters: Mapping[str, Any]) -> list[Row]:
    """Run `statement` on `driver`, the asyncpg connection under SQLAlchemy's `connection`."""
    sql, names = compiled(statement, connection.dialect)
    arguments = tuple(parameters[name] for name in names)
    if connection.dispatch.before_cursor_execute:
        connection.dispatch.before_cursor_execute(connection, None, sql, arguments, None, False)
    try:
        records = await driver.fetch(sql, *arguments)
    except asyncpg.PostgresError as error:
        if driver.is_closed():  # the server ended the connection (shutdown, terminated backend)
            raise OperationalError(sql, dict(parameters), error, connection_invalidated=True) from error
        raise DBAPIError(sql, dict(parameters), error) from error
    except (asyncpg.InterfaceError, asyncpg.exceptions.InternalClientError, OSError) as error:
        # The connection is gone or in a state no statement can follow (its server went away mid-transaction).
        raise OperationalError(sql, dict(parameters), error, connection_invalidated=True) from error
    return [Row(record) for record in records]


async def autocommit(engine: AsyncEngine, statement: TextClause, parameters: Mapping[str, Any]) -> list[Row]:
    """Run `statement` on its own, in autocommit mode (its own implicit transaction), on a pooled connection."""
    async with engine.connect() as connection:
        sync_connection = connection.sync_connection
        assert sync_connection is not None
        driver = (await connection.get_raw_connection()).driver_connection
        try:
            return await fetch(sync_connection, driver, statement, parameters)
        except OperationalError:
            await connection.invalidate()  # the connection itself failed: it must not go back to the pool
            raise


def first(rows: list[Row]) -> Row | None:
    return rows[0] if rows else None


def scalar(rows: list[Row]) -> Any:
    """The first column of the first row, or None."""
    return rows[0][0] if rows else None
