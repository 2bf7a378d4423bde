"""Unlock conditions that wait on each other in a circle: none of those modules could ever open."""

from typing import Any

from domain.authoring import texts
from domain.authoring.problems import Problem, format_path
from domain.authoring.references import Named, entries, find_modules, named, text_of


def home_modules(raw_modules: list[Any], modules: list[Named], raw_assessments: list[Any]) -> dict[str, int]:
    """assessment key -> the module it is taken in: its `module`, else the module holding its quiz item."""
    homes: dict[str, int] = {}
    for m, raw_module in enumerate(raw_modules):
        for item in entries(raw_module, "content"):
            if text_of(item, "type") == "quiz" and (key := text_of(item, "assessment")):
                homes.setdefault(key, m)
    for assessment, raw in zip(named(raw_assessments), raw_assessments, strict=True):
        found = find_modules(raw.get("module"), modules) if isinstance(raw, dict) else []
        if assessment.identity and len(found) == 1:
            homes[assessment.identity] = found[0]
    return homes


def circle_problems(document: Any) -> list[Problem]:
    """Modules whose unlock conditions wait on each other in a circle, so none of them can ever open."""
    raw_modules = entries(document, "modules")
    modules = named(raw_modules)
    homes = home_modules(raw_modules, modules, entries(document, "assessments"))
    waits_for: dict[int, set[int]] = {}
    for m, raw_module in enumerate(raw_modules):
        condition = raw_module.get("unlock_condition") if isinstance(raw_module, dict) else None
        condition = condition if isinstance(condition, dict) else {}
        targets = set(find_modules(condition.get("module_completed"), modules)[:1])
        if condition.get("previous_module_completed") is True and m > 0:
            targets.add(m - 1)
        if isinstance(condition.get("assessment_passed"), str) and condition["assessment_passed"].strip() in homes:
            targets.add(homes[condition["assessment_passed"].strip()])
        waits_for[m] = targets
    problems, reported = [], set()
    for start in waits_for:
        circle = find_circle(start, waits_for)
        if circle and frozenset(circle) not in reported:
            reported.add(frozenset(circle))
            chain = " -> ".join(f"modules[{m}]" for m in [*circle, circle[0]])
            reason = texts.WAITS_FOR_ITSELF if len(circle) == 1 else texts.CIRCLE.format(chain=chain)
            problems.append(Problem(format_path(("modules", circle[0], "unlock_condition")), reason))
    return problems


def find_circle(start: int, waits_for: dict[int, set[int]]) -> list[int] | None:
    """The modules on a circle through `start`, in order, or None."""
    path, seen = [start], {start}
    stack = [iter(sorted(waits_for[start]))]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            path.pop()
        elif step == start:
            return path
        elif step not in seen:
            seen.add(step)
            path.append(step)
            stack.append(iter(sorted(waits_for.get(step, ()))))
    return None
