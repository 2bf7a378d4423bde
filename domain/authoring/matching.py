"""Pairing what a file lists with the rows already in the database, so updates happen in place."""

from collections.abc import Callable, Sequence
from typing import TypeVar

Row = TypeVar("Row")


def pair(
    wanted: Sequence[tuple[str, str]],
    rows: Sequence[Row],
    key_of: Callable[[Row], str | None],
    title_of: Callable[[Row], str],
) -> list[Row | None]:
    """For each (key, title) wanted, the row with that key, else an unclaimed row with that title, else None."""
    free = list(rows)
    by_key: dict[str, Row] = {}
    for row in rows:
        key = key_of(row)
        if key is not None:
            by_key.setdefault(key, row)
    found: list[Row | None] = []
    for key, _ in wanted:
        keyed = by_key.get(key)
        if keyed is not None and keyed in free:
            free.remove(keyed)
            found.append(keyed)
        else:
            found.append(None)
    for index, (_, title) in enumerate(wanted):
        titled = next((r for r in free if title_of(r) == title), None) if found[index] is None else None
        if titled is not None:
            found[index] = titled
            free.remove(titled)
    return found
