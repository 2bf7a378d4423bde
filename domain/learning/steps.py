"""A course's steps (assessments and assignments placed on the path, see steps_sql) as replies: one step
opened by continue, and the list of what is still to do, with a button per pending step."""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.assessments.commands import ShowAssignment, StartAttempt
from domain.learning import texts
from domain.learning.commands import ContinueCourse
from domain.learning.steps_sql import FAILED, GRADING, PENDING_STEPS, TODO
from domain.messagebus import Context
from domain.replies import Button, Reply, literal


@dataclass(frozen=True)
class Step:
    kind: str  # "quiz" (an assessment) or "assignment"
    id: uuid.UUID
    title: str
    description: str | None
    required: bool
    state: str
    module_title: str | None
    passing_score: int | None
    max_attempts: int | None
    time_limit: int | None
    question_count: int | None
    due_date: datetime | None
    max_score: int | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any], prefix: str = "") -> "Step":
        return cls(**{name: row[prefix + name] for name in cls.__dataclass_fields__})


async def pending(ctx: Context, enrollment_id: uuid.UUID) -> list[Step]:
    """The steps of the enrollment's course not met yet, in path order."""
    rows = await ctx.uow.fetch(PENDING_STEPS, {"enrollment_id": enrollment_id})
    return [Step.from_row(row._mapping) for row in rows]


def button(step: Step, course_code: str) -> Button:
    """What the trainee can do about the step: take the quiz, hand in the assignment, or see where it stands."""
    if step.state in (GRADING, FAILED):
        label = texts.WAIT_FOR_GRADING if step.state == GRADING else texts.WHERE_IT_STANDS
        if step.kind == "quiz":
            return Button(label=label.format(title=step.title), command=ContinueCourse(course_code=course_code))
        return Button(label=label.format(title=step.title), command=ShowAssignment(assignment_id=step.id))
    if step.kind == "quiz":
        return Button(
            label=texts.TAKE_QUIZ.format(title=step.title), command=StartAttempt(assessment_id=step.id), style="primary"
        )
    return Button(
        label=texts.SUBMIT_ASSIGNMENT.format(title=step.title),
        command=ShowAssignment(assignment_id=step.id),
        style="primary",
    )


def render(step: Step, course_code: str, percentage: Any) -> Reply:
    """The step opened by continue: what it is, where it stands, its button (and Skip when optional)."""
    heading = texts.heading(literal(step.title), step.required)
    place = texts.STEP_AFTER_MODULE.format(module=literal(step.module_title)) if step.module_title else texts.STEP_FINAL
    if step.kind == "quiz":
        facts = [
            texts.QUIZ_QUESTIONS.format(count=step.question_count) if step.question_count else None,
            texts.QUIZ_PASSING.format(score=step.passing_score) if step.passing_score is not None else None,
            texts.QUIZ_ATTEMPTS.format(count=step.max_attempts) if step.max_attempts else None,
            texts.QUIZ_TIME.format(minutes=step.time_limit) if step.time_limit else None,
        ]
        intro = texts.QUIZ_INTRO
    else:
        facts = [
            texts.ASSIGNMENT_FACTS.format(max=step.max_score or 100),
            texts.ASSIGNMENT_DUE.format(due=texts.format_instant(step.due_date)) if step.due_date else None,
        ]
        intro = texts.ASSIGNMENT_INTRO
    summary = " · ".join(fact for fact in facts if fact)
    state = "" if step.state == TODO else f"_{texts.STEP_STATES.get((step.kind, step.state), step.state)}_"
    parts = [heading, place, *([step.description] if step.description else []), intro, summary, state]
    buttons = [button(step, course_code)]
    if not step.required:
        buttons.append(Button(label=texts.SKIP, command=ContinueCourse(course_code=course_code, after=step.id)))
    return Reply(
        text="\n\n".join(part for part in parts if part),
        buttons=buttons,
        context=f"{course_code} · {texts.percent(percentage)} done",
    )


def still_to_do(heading: str, steps: Sequence[Step], course_code: str) -> tuple[list[str], list[Button]]:
    """Lines naming each pending step and where it stands (required first, then the optional ones), and a
    button per step."""
    required = [step for step in steps if step.required]
    optional = [step for step in steps if not step.required]
    lines = [heading] if required else []
    lines += [line(step) for step in required]
    if optional:
        lines += [texts.OPTIONAL_LEFT, *[line(step) for step in optional]]
    return lines, [button(step, course_code) for step in [*required, *optional]]


def line(step: Step) -> str:
    return texts.STEP_LINE.format(
        title=literal(step.title),
        optional="" if step.required or "optional" in step.title.casefold() else texts.OPTIONAL_SUFFIX,
        state=texts.STEP_STATES.get((step.kind, step.state), ""),
    )
