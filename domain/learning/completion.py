"""Is this enrollment complete? The one place that decides, recomputes progress and completes the course.

The rule: every module in scope is completed, where the scope is the course's required modules, or all of
its modules when none is required (the scope calculate_enrollment_progress uses). A module is completed
when its module-level progress row (content_id NULL) is; that row is written when all of the module's
required content is completed. Then the assessments' part must hold too: domain/assessments/completion.py
(the course's required assessments passed and required assignments graded well enough, whether they belong
to a module or to the course; optional ones never count). The learning path offers every one of them
(steps_sql), so the rule can always be met.

The rule is SQL (domain/learning/completion_sql.py), embedded in the statement that writes the progress
rows, so a step through a course is one statement; here it is run on its own (settle, finish) and its
outcome read back (settled), raising CourseCompleted when a statement completed the course.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import TextClause

from domain.events import CourseCompleted
from domain.learning.completion_sql import FINISH, SETTLE
from domain.messagebus import Context


@dataclass(frozen=True)
class Settlement:
    enrollment_id: uuid.UUID
    percentage: Decimal
    status: str
    modules_complete: bool
    completed_now: bool

    @property
    def awaiting_assessments(self) -> bool:
        """Every module is done, but required assessments or assignments are not passed yet."""
        return self.modules_complete and self.status in ("enrolled", "in_progress")


def settled(ctx: Context, row: Mapping[Any, Any]) -> Settlement | None:
    """The Settlement a statement's SETTLED_COLUMNS describe (None if it settled nothing); raises
    CourseCompleted when that statement completed the course."""
    if row["settled_id"] is None:
        return None
    if row["settled_completed_now"]:
        ctx.uow.emit(
            CourseCompleted(
                enrollment_id=row["settled_id"],
                trainee_id=row["settled_trainee_id"],
                course_id=row["settled_course_id"],
                organization_id=row["settled_organization_id"],  # no actor when a scheduled job published
                certified=row["settled_certified"],
            )
        )
    return Settlement(
        row["settled_id"],
        row["settled_percentage"],
        row["settled_status"],
        row["settled_modules_complete"],
        row["settled_completed_now"],
    )


async def run_locked(ctx: Context, statement: TextClause, parameters: dict[str, Any]) -> Mapping[Any, Any]:
    """Run a statement built on locked_enrollment(); once more if it was stale (it changed nothing then,
    and now holds the lock, so the second run's snapshot is current)."""
    parameters = {**parameters, "actor_id": ctx.uow.actor_id}
    row = await ctx.uow.fetch_one(statement, parameters)
    if row.stale:
        row = await ctx.uow.fetch_one(statement, parameters)
    mapping: Mapping[Any, Any] = row._mapping
    return mapping


async def settle(ctx: Context, enrollment_id: uuid.UUID) -> Settlement:
    """Recompute the enrollment's progress, complete it if the rule holds, and raise CourseCompleted then."""
    settlement = settled(ctx, await run_locked(ctx, SETTLE, {"enrollment_id": enrollment_id}))
    assert settlement is not None  # run_locked ran it fresh
    return settlement


async def finish(ctx: Context, enrollment_id: uuid.UUID) -> Settlement:
    """Nothing is left to open: complete every module whose required content is done (modules with none
    included), then settle, in one statement."""
    settlement = settled(ctx, await run_locked(ctx, FINISH, {"enrollment_id": enrollment_id}))
    assert settlement is not None  # run_locked ran it fresh
    return settlement
