"""Alembic migrations: the single source of the database schema."""

from pathlib import Path
from typing import Any

MIGRATIONS_DIR = Path(__file__).resolve().parent


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """What autogenerate compares: not the monthly audit_logs partitions, which a function creates, nor
    pgqueuer's job-queue tables, which pgqueuer's own DDL creates (migration 0012)."""
    return not (type_ == "table" and reflected and name is not None and name.startswith(("audit_logs_", "pgqueuer")))
