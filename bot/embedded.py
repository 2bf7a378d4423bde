"""A private PostgreSQL under the data directory, for running without a database server (pgserver)."""

import logging
import warnings
from pathlib import Path
from types import TracebackType

from sqlalchemy.engine import URL

from bot.errors import StartupError

log = logging.getLogger(__name__)

DATABASE_NAME = "learnbot"


class EmbeddedPostgres:
    """Starts PostgreSQL 16 from the pgserver package under `data_dir`/pgdata; stops it on exit."""

    def __init__(self, data_dir: Path, database: str = DATABASE_NAME) -> None:
        self.pgdata = data_dir.resolve() / "pgdata"
        self.database = database
        self._server: object | None = None

    def start(self) -> URL:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
                import pgserver
        except ImportError:
            raise StartupError("DATABASE_URL is unset and the embedded server (pgserver) is not installed") from None
        self.pgdata.mkdir(parents=True, exist_ok=True)
        log.info("starting the embedded PostgreSQL in %s", self.pgdata)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                server = pgserver.get_server(self.pgdata, cleanup_mode="stop")
        except Exception as exc:  # pgserver raises plain exceptions with the server's log text
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StartupError(f"the embedded PostgreSQL in {self.pgdata} did not start: {first}") from None
        self._server = server
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{self.database}';")
        if "(1 row)" not in exists:
            server.psql(f'CREATE DATABASE "{self.database}";')
        return URL.create(
            "postgresql+asyncpg", username="postgres", database=self.database, query={"host": str(self.pgdata)}
        )

    def stop(self) -> None:
        if self._server is not None:
            log.info("stopping the embedded PostgreSQL")
            self._server.cleanup()  # type: ignore[attr-defined]
            self._server = None

    def __enter__(self) -> URL:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
