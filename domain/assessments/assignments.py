"""Assignments for trainees: the list with due dates and one assignment in full.

A submission after the assignment's due_date is late: said in the reply (handing_in.py), kept queryable
as submitted_at > due_date (is_late), and shown in the trainee's list and the instructors' queue.
"""

import uuid
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from domain.assessments import texts
from domain.assessments.commands import ListAssignments, ShowAssignment, SubmitAssignment
from domain.assessments.typed_choice import folded
from domain.clock import organization_zone
from domain.errors import Conflict, NotFound
from domain.messagebus import Context
from domain.models import Assignment, AssignmentSubmission, Course, Enrollment
from domain.models.enums import CourseStatus, EnrollmentStatus, SubmissionStatus
from domain.replies import Button, Prompt, Reply, literal


def is_late() -> ColumnElement[bool]:
    """A submission handed in after its assignment's due date (false when there is no due date)."""
    return func.coalesce(AssignmentSubmission.submitted_at > Assignment.due_date, False)


def this_round(submission: AssignmentSubmission | None) -> AssignmentSubmission | None:
    """The submission unless a Recertify superseded it (then it is history: the trainee hands in again)."""
    return None if submission is None or submission.superseded_at is not None else submission


def own_assignments(ctx: Context) -> Any:
    """Assignments of the courses the person is enrolled in (not dropped), with their submission if any."""
    return (
        select(Assignment, Course.course_code, AssignmentSubmission, Enrollment.id.label("enrollment_id"), func.now())
        .join(Course, Course.id == Assignment.course_id)
        .join(Enrollment, and_(Enrollment.course_id == Course.id, Enrollment.trainee_id == ctx.actor.user_id))
        .outerjoin(
            AssignmentSubmission,
            and_(
                AssignmentSubmission.assignment_id == Assignment.id, AssignmentSubmission.enrollment_id == Enrollment.id
            ),
        )
        .where(Enrollment.status != EnrollmentStatus.DROPPED, Course.status != CourseStatus.DRAFT)
    )


async def list_assignments(ctx: Context, command: ListAssignments) -> list[Reply]:
    """The trainee's assignments with due dates and where each stands, soonest due first."""
    query = own_assignments(ctx).order_by(Assignment.due_date.asc().nulls_last(), Assignment.title)
    if command.course_code:
        query = query.where(Course.course_code == command.course_code)
    rows = (await ctx.session.execute(query)).all()
    if not rows:
        return [Reply(text=texts.NO_ASSIGNMENTS)]
    lines, buttons = [texts.ASSIGNMENTS_HEADER], []
    zone = await organization_zone(ctx.session, ctx.actor.organization_id)
    for assignment, code, earlier, _, now in rows:
        submission = this_round(earlier)
        lines.append(
            texts.ASSIGNMENT_LINE.format(
                title=literal(assignment.title),
                course=literal(code),
                due=due_text(assignment, submission, now, zone),
                status=status_text(assignment, submission, zone),
            )
        )
        if submission is None or submission.status != SubmissionStatus.GRADED:
            buttons.append(
                Button(
                    label=texts.OPEN_ASSIGNMENT.format(title=assignment.title),
                    command=ShowAssignment(assignment_id=assignment.id),
                )
            )
    return [Reply(text="\n".join(lines), buttons=buttons)]


def due_text(assignment: Assignment, submission: AssignmentSubmission | None, now: datetime, zone: tzinfo) -> str:
    if assignment.due_date is None:
        return texts.NO_DUE_DATE
    due = texts.DUE.format(date=texts.when(assignment.due_date, zone))
    waiting = submission is None or submission.status == SubmissionStatus.RETURNED
    return due + texts.OVERDUE if waiting and assignment.due_date < now else due


def status_text(assignment: Assignment, submission: AssignmentSubmission | None, zone: tzinfo) -> str:
    if submission is None or submission.submitted_at is None:
        return texts.STATUS_NOT_SUBMITTED
    if submission.status == SubmissionStatus.GRADED:
        return texts.STATUS_GRADED.format(score=texts.number(submission.score), max=assignment.max_score)
    if submission.status == SubmissionStatus.RETURNED:
        return texts.STATUS_RETURNED.format(feedback=literal(submission.feedback or ""))
    late = assignment.due_date is not None and submission.submitted_at > assignment.due_date
    return texts.STATUS_SUBMITTED.format(
        date=texts.when(submission.submitted_at, zone), late=texts.LATE if late else ""
    )


async def enrolled_assignment(ctx: Context, assignment_id: uuid.UUID) -> Any:
    row = (await ctx.session.execute(own_assignments(ctx).where(Assignment.id == assignment_id))).first()
    if row is None:
        exists = await ctx.session.scalar(select(Assignment.title).where(Assignment.id == assignment_id))
        if exists is None:
            raise NotFound(texts.ASSIGNMENT_NOT_FOUND)
        raise Conflict(texts.NOT_ENROLLED.format(title=literal(exists)))
    return row


async def assignment_named(ctx: Context, name: str) -> uuid.UUID | list[Reply]:
    """The trainee's assignment a typed name picks (its title, or words of one title), or the ones to pick from."""
    rows = (await ctx.session.execute(own_assignments(ctx).order_by(Assignment.title))).all()
    wanted = folded(name)
    exact = [row for row in rows if folded(row[0].title) == wanted]
    found = exact or [row for row in rows if wanted and wanted in folded(row[0].title)]
    if not found:
        raise NotFound(texts.NO_ASSIGNMENT_NAMED.format(name=literal(name)))
    if len(found) == 1:
        assignment_id: uuid.UUID = found[0][0].id
        return assignment_id
    buttons = [
        Button(label=texts.OPEN_ASSIGNMENT.format(title=row[0].title), command=ShowAssignment(assignment_id=row[0].id))
        for row in found
    ]
    return [Reply(text=texts.SEVERAL_ASSIGNMENTS.format(name=literal(name)), buttons=buttons)]


async def show_assignment(ctx: Context, command: ShowAssignment) -> list[Reply]:
    """One assignment in full; the trainee's next message hands in their work."""
    assignment_id = command.assignment_id
    if assignment_id is None:
        picked = await assignment_named(ctx, command.name or "")
        if isinstance(picked, list):
            return picked
        assignment_id = picked
    assignment, code, earlier, _, now = await enrolled_assignment(ctx, assignment_id)
    submission = this_round(earlier)
    body = "\n\n".join(part for part in (assignment.description, assignment.instructions) if part)
    zone = await organization_zone(ctx.session, ctx.actor.organization_id)
    text = texts.ASSIGNMENT_DETAILS.format(
        title=literal(assignment.title),
        course=literal(code),
        due=due_text(assignment, submission, now, zone),
        max=assignment.max_score,
        body=body,
        status=status_text(assignment, submission, zone),
    )
    if submission is not None and submission.status == SubmissionStatus.GRADED:
        return [Reply(text=text)]
    work = Prompt.of(SubmitAssignment, assignment_id=assignment.id, ask_if_accidental=True)
    return [Reply(text=f"{text}\n\n{texts.SUBMIT_HINT}", prompt=work)]
