"""Importing a course's modules (in order, with unlock conditions) and their content items."""

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.authoring.changes import Changes, remove_unmatched
from domain.authoring.matching import pair
from domain.authoring.references import Named, find_modules
from domain.authoring.schema import ContentItem, DocumentItem, LinkItem, ModuleFile, QuizItem, TextItem, VideoItem
from domain.models import Content, Course, Module


def module_names(files: list[ModuleFile]) -> list[Named]:
    return [Named(index, module.identity, module.title) for index, module in enumerate(files)]


def module_values(module: ModuleFile) -> dict[str, Any]:
    return {
        "title": module.title,
        "description": module.description,
        "estimated_duration": module.estimated_duration_minutes,
        "is_required": module.required,
    }


async def sync_modules(
    session: AsyncSession, changes: Changes, course: Course, files: list[ModuleFile]
) -> tuple[list[Module], list[Module]]:
    """The course's module rows in file order (matched or new), and the rows the file no longer has.

    UNIQUE(course_id, order) is checked row by row, so modules that move (or go) first step aside to
    orders below every existing one; then each takes its place, then new modules are added.
    """
    existing = list(await session.scalars(select(Module).where(Module.course_id == course.id)))
    key_by_id = {module_id: key for key, module_id in (course.meta or {}).get("module_keys", {}).items()}
    matched = pair(
        [(m.identity, m.title) for m in files], existing, lambda row: key_by_id.get(str(row.id)), lambda row: row.title
    )
    kept_ids = {row.id for row in matched if row is not None}
    removed = [row for row in existing if row.id not in kept_ids]
    original_order = {row.id: row.order for row in existing}
    moving = [m for order, m in enumerate(matched, 1) if m is not None and m.order != order] + removed
    if moving:
        lowest = min(0, *original_order.values())
        for step, moved in enumerate(moving, 1):
            moved.order = lowest - step
        await session.flush()
    for order, (module, match) in enumerate(zip(files, matched, strict=True), 1):
        if match is not None:
            was = {"order": original_order[match.id]}
            changes.update("module", match, {**module_values(module), "order": order}, was=was)
    await session.flush()
    rows: list[Module] = []
    for order, (module, match) in enumerate(zip(files, matched, strict=True), 1):
        if match is None:
            match = Module(id=uuid.uuid4(), course_id=course.id, order=order, **module_values(module))
            session.add(match)
            changes.create("module", match.id, {"key": module.identity, "order": order, **module_values(module)})
        rows.append(match)
    await session.flush()
    return rows, removed


async def sync_content(
    session: AsyncSession,
    changes: Changes,
    files: list[ModuleFile],
    rows: list[Module],
    assessment_ids: dict[str, uuid.UUID],
) -> None:
    """Each module's items in file order: matched by key (content_data.key) within the module, else by title."""
    query = select(Content).where(Content.module_id.in_([row.id for row in rows]))
    existing: dict[uuid.UUID, list[Content]] = {}
    for found in await session.scalars(query):
        existing.setdefault(found.module_id, []).append(found)
    for module, row in zip(files, rows, strict=True):
        current = existing.get(row.id, [])
        wanted = [(item.identity, item.title) for item in module.content]
        matched = pair(wanted, current, lambda c: (c.content_data or {}).get("key"), lambda c: c.title)
        for order, (item, item_row) in enumerate(zip(module.content, matched, strict=True), 1):
            values = {"module_id": row.id, "order": order, **content_values(item, assessment_ids)}
            if item_row is None:
                new = Content(id=uuid.uuid4(), **values)
                session.add(new)
                changes.create("content", new.id, values)
            else:
                changes.update("content", item_row, values)
        await remove_unmatched(session, changes, "content", current, matched)
    await session.flush()


def content_values(item: ContentItem, assessment_ids: dict[str, uuid.UUID]) -> dict[str, Any]:
    """contracts.md's content columns for one item."""
    data: dict[str, Any] = {"key": item.identity}
    values: dict[str, Any] = {"file_url": None, "file_size": None, "duration": None}
    if isinstance(item, TextItem):
        data["body"] = item.body
    elif isinstance(item, LinkItem):
        values["file_url"] = item.url
        data |= {"label": item.label} if item.label else {}
    elif isinstance(item, VideoItem):
        values |= {"file_url": item.url, "duration": item.duration_seconds}
    elif isinstance(item, DocumentItem):
        values |= {"file_url": item.url, "file_size": item.file_size_bytes}
        data |= {"file_name": item.file_name} if item.file_name else {}
    elif isinstance(item, QuizItem):
        data["assessment_id"] = str(assessment_ids[item.assessment])
    return {
        "content_type": item.type,
        "title": item.title,
        "description": item.description,
        "is_required": item.required,
        "content_data": data,
        **values,
    }


def set_unlock_conditions(
    changes: Changes, files: list[ModuleFile], rows: list[Module], assessment_ids: dict[str, uuid.UUID]
) -> None:
    """Unlock conditions as stored: modules and assessments by uuid (contracts.md)."""
    names = module_names(files)
    for module, row in zip(files, rows, strict=True):
        condition = module.unlock_condition
        stored: dict[str, Any] = {}
        if condition is not None:
            if condition.previous_module_completed:
                stored["previous_module_completed"] = True
            if condition.module_completed is not None:
                stored["module_completed"] = str(rows[find_modules(condition.module_completed, names)[0]].id)
            if condition.assessment_passed is not None:
                stored["assessment_passed"] = str(assessment_ids[condition.assessment_passed])
            if condition.available_from is not None:
                stored["available_from"] = condition.available_from.isoformat()
        changes.update("module", row, {"unlock_condition": stored or None})


async def remove_modules(session: AsyncSession, changes: Changes, removed: list[Module]) -> None:
    """Delete the modules the file no longer has, each item audited too (progress cascades with them)."""
    if removed:
        query = select(Content).where(Content.module_id.in_([row.id for row in removed]))
        await remove_unmatched(session, changes, "content", list(await session.scalars(query)), [])
        await remove_unmatched(session, changes, "module", removed, [])
