"""Alembic migrations: the single source of the database schema."""

from pathlib import Path
from typing import Any

MIGRATIONS_DIR = Path(__file__).resolve().parent


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """What autogenerate compares: not the monthly audit_logs partitions, which a function creates, nor the
    tenant_* keys that keep references inside their tenant (0010), which the ORM has no use for, nor pgqueuer's
    job-queue tables, which pgqueuer's own DDL creates (0012)."""
    if not reflected or name is None:
        return True
    if type_ == "table":
        return not name.startswith(("audit_logs_", "pgqueuer"))
    return not name.startswith("tenant_")
