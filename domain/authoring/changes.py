"""What an import changed, row by row: applied to the ORM rows, then written as one audit row per entity."""

import uuid
from collections import Counter
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.models.base import Base
from domain.unit_of_work import UnitOfWork

Entry = tuple[str, uuid.UUID]


class Changes:
    """Collects creations, updates and deletions so each entity gets one audit row, however many steps touch it."""

    def __init__(self) -> None:
        self.created: dict[Entry, dict[str, Any]] = {}
        self.updated: dict[Entry, tuple[dict[str, Any], dict[str, Any]]] = {}
        self.deleted: dict[Entry, dict[str, Any]] = {}

    def create(self, entity: str, row_id: uuid.UUID, values: dict[str, Any]) -> None:
        self.created[(entity, row_id)] = dict(values)

    def update(self, entity: str, row: Base, values: dict[str, Any], *, was: dict[str, Any] | None = None) -> None:
        """Set the values on the row; remember the old value of each that differs (or `was`, if given)."""
        entry: Entry = (entity, row.id)  # type: ignore[attr-defined]
        if entry in self.created:
            self.created[entry].update(values)
            for field, value in values.items():
                setattr(row, field, value)
            return
        before, after = self.updated.setdefault(entry, ({}, {}))
        for field, value in values.items():
            old = (was or {}).get(field, getattr(row, field))
            setattr(row, field, value)
            if old != value:
                before.setdefault(field, old)
                after[field] = value
            elif field in before and before[field] == value:
                del before[field], after[field]

    def delete(self, entity: str, row_id: uuid.UUID, what: dict[str, Any]) -> None:
        self.deleted[(entity, row_id)] = what

    def counts(self) -> Counter[str]:
        found: Counter[str] = Counter()
        found.update(f"{entity}.created" for entity, _ in self.created)
        found.update(f"{entity}.updated" for (entity, _), (before, _) in self.updated.items() if before)
        found.update(f"{entity}.deleted" for entity, _ in self.deleted)
        return found

    def record(self, uow: UnitOfWork) -> None:
        for (entity, row_id), after in self.created.items():
            uow.record(f"{entity}.created", entity, row_id, after=after)
        for (entity, row_id), (before, after) in self.updated.items():
            if before:
                uow.record(f"{entity}.updated", entity, row_id, before=before, after=after)
        for (entity, row_id), before in self.deleted.items():
            uow.record(f"{entity}.deleted", entity, row_id, before=before)


async def remove_unmatched(
    session: AsyncSession, changes: Changes, entity: str, existing: list[Any], matched: list[Any]
) -> None:
    """Delete the existing rows no file entry matched (their dependants, e.g. progress, cascade with them)."""
    kept = {row.id for row in matched if row is not None}
    for row in existing:
        if row.id not in kept:
            what = (
                {"title": row.title}
                if hasattr(row, "title")
                else {"prerequisite_course_id": row.prerequisite_course_id}
            )
            changes.delete(entity, row.id, what)
            await session.delete(row)
    await session.flush()
