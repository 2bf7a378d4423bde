"""Database URLs, engines and session factories; the only place that builds them."""

import asyncio
import socket

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.errors import StartupError

CONNECT_TIMEOUT_SECONDS = 5
POSTGRES_SCHEMES = {"postgresql", "postgres", "postgresql+asyncpg"}


def parse_database_url(raw: str, password: str | None = None) -> URL:
    """Validate a PostgreSQL URL and return it for the asyncpg driver.

    `password` (DATABASE_PASSWORD) replaces the URL's own: set apart, it needs no URL escaping, so a password
    with `@`, `/` or `:` works as it is (docker-compose passes POSTGRES_PASSWORD this way).
    """
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise StartupError(
            "DATABASE_URL is not a valid URL; expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
        ) from None
    if url.drivername not in POSTGRES_SCHEMES:
        raise StartupError(f"DATABASE_URL must point at PostgreSQL (postgresql://...), not '{url.drivername}'")
    if not url.database:
        raise StartupError("DATABASE_URL names no database; add one, e.g. postgresql://user@host:5432/learnbot")
    url = url.set(drivername="postgresql+asyncpg")
    return url if password is None else url.set(password=password)


def describe(url: URL) -> str:
    """The URL as it may appear in messages and logs: never with its password."""
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


def create_engine(url: URL, pool_size: int = 5) -> AsyncEngine:
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # No ping on checkout: it costs a round trip per command. A connection that died is found by its
        # first statement, invalidated, and the command fails cleanly; the platforms redeliver it.
        pool_pre_ping=False,
        pool_recycle=1800,
        connect_args={"timeout": CONNECT_TIMEOUT_SECONDS},
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def ensure_reachable(engine: AsyncEngine) -> None:
    """Open one connection, turning every way that can fail into a StartupError naming the problem."""
    where = describe(engine.url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        raise StartupError(f"cannot use the database {where}: {reason(exc.orig or exc)}") from None
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        raise StartupError(f"cannot reach the database {where}: {reason(exc)}") from None


def reason(exc: BaseException) -> str:
    """A short, human cause for a connection failure."""
    cause = exc.__cause__ or exc
    if isinstance(cause, socket.gaierror):
        return "the host name does not resolve"
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused (is PostgreSQL running on that host and port?)"
    if isinstance(cause, asyncio.TimeoutError | TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT_SECONDS} s"
    if isinstance(cause, asyncpg.InvalidCatalogNameError):
        return "the database does not exist (create it first)"
    if isinstance(cause, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError):
        return "authentication failed (check the user name and password)"
    first_line = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return first_line
