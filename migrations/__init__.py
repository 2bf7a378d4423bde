"""Alembic migrations: the single source of the database schema."""

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent
