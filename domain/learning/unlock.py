"""When a module opens: the unlock_condition vocabulary of contracts.md, evaluated in SQL, explained in words.

modules.unlock_condition (JSONB):
- NULL or {}: open.
- {"previous_module_completed": true}: the module with the next lower `order` is completed.
- {"module_completed": "<module uuid>"}: that module (same course) is completed.
- {"assessment_passed": "<assessment uuid>"}: the trainee has a passed attempt of it.
- {"available_from": "<ISO-8601 datetime with offset>"}: now() >= that instant.
Several keys: all must hold. Unknown keys are ignored. "Completed" means the module-level progress row
(content_id NULL) has status 'completed'. An available_from that is not an ISO-8601 date keeps the
module closed rather than failing the statement.
"""

from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

from domain.assessments.completion import assessment_passed
from domain.clock import local_time
from domain.learning import texts
from domain.replies import literal

# What CAST(... AS timestamptz) reads without failing: a date, optionally a time, optionally an offset.
ISO_8601 = (
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
    r"([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$"
)


def facts(module: str, enrollment_id: str) -> str:
    """SQL columns: whether each condition of `module`'s unlock_condition holds for an enrollment (true if absent).

    Combine them with `unlocked(alias)` one query level up, so each is evaluated once. That level must read
    them from a MATERIALIZED CTE: PostgreSQL inlines a CTE referenced once, and every reference to a column
    then becomes a copy of its subquery (done's plan had 28 subplans of these, mostly never run, each set up
    on every execution).
    """
    condition = f"{module}.unlock_condition"
    previous = f"""(SELECT pm.id FROM modules pm WHERE pm.course_id = {module}.course_id
                    AND pm."order" < {module}."order" ORDER BY pm."order" DESC LIMIT 1)"""
    named = f"(SELECT rm.id FROM modules rm WHERE rm.id::text = lower({condition} ->> 'module_completed'))"
    return f"""
        ({condition} -> 'previous_module_completed' IS DISTINCT FROM 'true'::jsonb
         OR {previous} IS NULL OR {completed(enrollment_id, previous)}) AS previous_module_ok,
        ({condition} ->> 'module_completed' IS NULL OR {completed(enrollment_id, named)}) AS required_module_ok,
        ({condition} ->> 'assessment_passed' IS NULL
         OR {assessment_passed(enrollment_id, f"{condition} ->> 'assessment_passed'", held_as_text=True)})
            AS assessment_ok,
        ({condition} ->> 'available_from' IS NULL
         OR CASE WHEN {condition} ->> 'available_from' ~ '{ISO_8601}'
                 THEN CAST({condition} ->> 'available_from' AS timestamptz) <= now() ELSE false END) AS available_ok"""


def unlocked(alias: str) -> str:
    """SQL: every condition holds, over the columns `facts` produced in `alias`."""
    return (
        f"({alias}.previous_module_ok AND {alias}.required_module_ok "
        f"AND {alias}.assessment_ok AND {alias}.available_ok)"
    )


def completed(enrollment_id: str, module_id: str) -> str:
    """SQL: the enrollment's module-level progress row of that module is completed."""
    return f"""EXISTS (SELECT 1 FROM progress mp WHERE mp.enrollment_id = {enrollment_id}
                   AND mp.content_id IS NULL AND mp.status = 'completed' AND mp.module_id = {module_id})"""


def titles(module: str) -> str:
    """SQL columns naming what a locked `module` waits for: the previous module, the module, the assessment."""
    condition = f"{module}.unlock_condition"
    return f"""(SELECT pm.title FROM modules pm WHERE pm.course_id = {module}.course_id
                AND pm."order" < {module}."order" ORDER BY pm."order" DESC LIMIT 1) AS previous_module_title,
        (SELECT rm.title FROM modules rm
         WHERE rm.id::text = lower({condition} ->> 'module_completed')) AS required_module_title,
        (SELECT a.title FROM assessments a
         WHERE a.id::text = lower({condition} ->> 'assessment_passed')) AS assessment_title"""


def explain(module_title: str, facts_row: Mapping[Any, Any], zone: tzinfo = UTC) -> str:
    """Why the next module is locked, and when it opens, from the columns `facts` and `titles` produced."""
    return texts.MODULE_LOCKED.format(title=literal(module_title), reasons=reasons(facts_row, zone))


def reasons(facts_row: Mapping[Any, Any], zone: tzinfo = UTC) -> str:
    """What a locked module waits for: 'after you complete *Basics* and on 1 Dec 2026, 10:00 CET' (the
    organization's time zone)."""
    waiting = []
    if not facts_row["previous_module_ok"]:
        waiting.append(texts.UNLOCK_AFTER_MODULE.format(title=literal(facts_row["previous_module_title"] or "?")))
    if not facts_row["required_module_ok"]:
        waiting.append(texts.UNLOCK_AFTER_MODULE.format(title=literal(facts_row["required_module_title"] or "?")))
    if not facts_row["assessment_ok"]:
        waiting.append(texts.UNLOCK_AFTER_ASSESSMENT.format(title=literal(facts_row["assessment_title"] or "?")))
    if not facts_row["available_ok"]:
        waiting.append(opening_time(facts_row["unlock_condition"], zone))
    return texts.AND.join(waiting or [texts.UNLOCK_LATER])


def opening_time(condition: Mapping[str, Any] | None, zone: tzinfo = UTC) -> str:
    raw = (condition or {}).get("available_from")
    try:
        instant = datetime.fromisoformat(str(raw))
    except ValueError:
        return texts.UNLOCK_LATER
    return texts.UNLOCK_ON.format(when=local_time(instant, zone))
