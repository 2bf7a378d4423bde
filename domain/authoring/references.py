"""References inside a course file: unique keys, and every name a part uses pointing at something that exists.

The checks read the raw document, leniently, so they report their problems even when other parts of the
file are malformed (pydantic skips a model's own checks when one of its fields fails).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from domain.assessments.questions import duplicate_id_problems
from domain.authoring import texts
from domain.authoring.problems import Problem, format_path
from domain.authoring.schema import slug


@dataclass(frozen=True)
class Named:
    """A module, content item or assessment as references see it."""

    index: int
    identity: str | None
    title: str | None


def entries(raw: Any, field: str) -> list[Any]:
    value = raw.get(field) if isinstance(raw, dict) else None
    return value if isinstance(value, list) else []


def text_of(raw: Any, field: str) -> str | None:
    """A text field of a raw mapping, stripped; numbers as text, as the schema reads them."""
    value = raw.get(field) if isinstance(raw, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def named(raws: Sequence[Any]) -> list[Named]:
    found = []
    for index, raw in enumerate(raws):
        key, title = text_of(raw, "key"), text_of(raw, "title")
        found.append(Named(index, key or (slug(title) if title else None), title))
    return found


def find_modules(reference: Any, modules: Sequence[Named]) -> list[int]:
    """Indexes of the modules a reference names: a position (1 is the first), else a key, else a title."""
    if type(reference) is int:
        return [reference - 1] if 1 <= reference <= len(modules) else []
    if not isinstance(reference, str):
        return []
    by_key = [m.index for m in modules if m.identity == reference.strip()]
    return by_key or [m.index for m in modules if m.title == reference.strip()]


def module_problem(path: tuple[Any, ...], reference: Any, modules: Sequence[Named]) -> Problem | None:
    """Why a module reference does not name exactly one module (a malformed one is the shape check's to report)."""
    if type(reference) is not int and not (isinstance(reference, str) and reference.strip()):
        return None
    found = find_modules(reference, modules)
    if len(found) > 1:
        return Problem(format_path(path), texts.AMBIGUOUS_MODULE.format(reference=reference, count=len(found)))
    if not found:
        return Problem(format_path(path), texts.UNKNOWN_MODULE.format(reference=reference))
    return None


def duplicates(items: Sequence[Named], path: tuple[Any, ...], field: str, reason: str) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for item in items:
        if item.identity is None:
            continue
        if item.identity in first:
            other = format_path((*path, first[item.identity]))
            yield Problem(format_path((*path, item.index, field)), reason.format(value=item.identity, other=other))
        first.setdefault(item.identity, item.index)


def reference_problems(document: Any) -> list[Problem]:
    """Every broken or ambiguous reference and every repeated key in the raw course file."""
    raw_modules, raw_assessments = entries(document, "modules"), entries(document, "assessments")
    modules, assessments = named(raw_modules), named(raw_assessments)
    assessment_keys = {a.identity for a in assessments if a.identity}
    problems: list[Problem | None] = [
        *duplicates(modules, ("modules",), "key", texts.DUPLICATE_KEY),
        *duplicates(assessments, ("assessments",), "key", texts.DUPLICATE_KEY),
    ]
    for m, raw_module in enumerate(raw_modules):
        items = entries(raw_module, "content")
        problems += duplicates(named(items), ("modules", m, "content"), "key", texts.DUPLICATE_KEY)
        for c, item in enumerate(items):
            wanted = text_of(item, "assessment")
            if text_of(item, "type") == "quiz" and wanted and wanted not in assessment_keys:
                problems.append(Problem(format_path(("modules", m, "content", c, "assessment")), unknown(wanted)))
        problems += unlock_problems(m, raw_module, modules, assessment_keys)
    for a, raw_assessment in enumerate(raw_assessments):
        problems += duplicate_id_problems(entries(raw_assessment, "questions"), ("assessments", a, "questions"))
        if isinstance(raw_assessment, dict) and raw_assessment.get("module") is not None:
            problems.append(module_problem(("assessments", a, "module"), raw_assessment["module"], modules))
    assignments = entries(document, "assignments")
    titles = [Named(i, text_of(a, "title"), None) for i, a in enumerate(assignments)]
    problems += duplicates(titles, ("assignments",), "title", texts.DUPLICATE_ASSIGNMENT)
    for a, raw_assignment in enumerate(assignments):
        if isinstance(raw_assignment, dict) and raw_assignment.get("module") is not None:
            problems.append(module_problem(("assignments", a, "module"), raw_assignment["module"], modules))
    problems += prerequisite_problems(document)
    return [p for p in problems if p is not None]


def unknown(assessment: str) -> str:
    return texts.UNKNOWN_ASSESSMENT.format(key=assessment)


def unlock_problems(m: int, raw_module: Any, modules: list[Named], assessment_keys: set[str]) -> list[Problem]:
    condition = raw_module.get("unlock_condition") if isinstance(raw_module, dict) else None
    if not isinstance(condition, dict):
        return []
    path = ("modules", m, "unlock_condition")
    problems = []
    if condition.get("previous_module_completed") is True and m == 0:
        problems.append(Problem(format_path((*path, "previous_module_completed")), texts.NO_PREVIOUS_MODULE))
    if condition.get("module_completed") is not None:
        reference = condition["module_completed"]
        problem = module_problem((*path, "module_completed"), reference, modules)
        problems += [problem] if problem else []
    wanted = condition.get("assessment_passed")
    if isinstance(wanted, str) and wanted.strip() and wanted.strip() not in assessment_keys:
        problems.append(Problem(format_path((*path, "assessment_passed")), unknown(wanted.strip())))
    return problems


def prerequisite_problems(document: Any) -> list[Problem]:
    code = text_of(document, "code")
    seen: set[str] = set()
    problems = []
    for p, raw in enumerate(entries(document, "prerequisites")):
        wanted = raw.strip() if isinstance(raw, str) else text_of(raw, "code")
        path = format_path(("prerequisites", p, "code") if isinstance(raw, dict) else ("prerequisites", p))
        if wanted is not None and wanted == code:
            problems.append(Problem(path, texts.PREREQUISITE_OF_ITSELF))
        elif wanted is not None and wanted in seen:
            problems.append(Problem(path, texts.PREREQUISITE_TWICE.format(code=wanted)))
        seen.add(wanted or "")
    return problems
