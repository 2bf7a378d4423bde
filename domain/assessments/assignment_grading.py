"""Instructors and assignments: the submissions waiting (oldest first), grading them, returning them for rework."""

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update

from domain.assessments import texts
from domain.assessments.access import managed_courses, require_manager
from domain.assessments.assignments import is_late
from domain.assessments.commands import GradeAssignment, ReturnAssignment, ShowSubmissionQueue
from domain.assessments.essays import FEEDBACK_MAX
from domain.assessments.events import SubmissionGraded, SubmissionReturned
from domain.clock import organization_zone
from domain.errors import Conflict, InvalidInput, NotFound
from domain.messagebus import Context
from domain.models import Assignment, AssignmentSubmission, Course, Enrollment, User
from domain.models.enums import SubmissionStatus
from domain.replies import Button, Prompt, Reply, literal

QUEUE_LIMIT = 10
SCORE_CEILING = Decimal("999.99")  # assignment_submissions.score is NUMERIC(5, 2)


async def show_submission_queue(ctx: Context, command: ShowSubmissionQueue) -> list[Reply]:
    """Submissions waiting for a grade in the person's courses (an admin's: the organization's), oldest first."""
    ctx.actor.require_staff(texts.DOING_GRADE)
    query = (
        select(AssignmentSubmission, Assignment, Course.course_code, User, is_late(), func.count().over())
        .join(Assignment, Assignment.id == AssignmentSubmission.assignment_id)
        .join(Course, Course.id == Assignment.course_id)
        .join(Enrollment, Enrollment.id == AssignmentSubmission.enrollment_id)
        .join(User, User.id == Enrollment.trainee_id)
        .where(AssignmentSubmission.status == SubmissionStatus.SUBMITTED, managed_courses(ctx))
        .order_by(AssignmentSubmission.submitted_at, AssignmentSubmission.id)
        .limit(QUEUE_LIMIT)
    )
    if command.course_code:
        query = query.where(Course.course_code == command.course_code)
    rows = (await ctx.session.execute(query)).all()
    if not rows:
        return [Reply(text=texts.SUBMISSION_QUEUE_EMPTY)]
    waiting = rows[0][5]
    zone = await organization_zone(ctx.session, ctx.actor.organization_id)
    replies = [Reply(text=texts.SUBMISSION_QUEUE_HEADER.format(count=waiting, s="" if waiting == 1 else "s"))]
    for submission, assignment, code, trainee, late, _ in rows:
        first = len(replies) == 1
        files = (
            texts.FILES.format(files=", ".join(map(literal, submission.submission_files)))
            if submission.submission_files
            else ""
        )
        item = texts.SUBMISSION_ITEM.format(
            course=literal(code),
            title=literal(assignment.title),
            trainee=literal(trainee.full_name),
            submitted=texts.when(submission.submitted_at, zone) if submission.submitted_at else "",
            late=texts.LATE if late else "",
            body=submission.submission_text or "",
            files=files,
            how=texts.SCORE_BY_REPLY.format(max=texts.number(assignment.max_score)) if first else texts.SCORE_NEXT,
        )
        back = Button(label=texts.RETURN_FOR_REWORK, command=ReturnAssignment(submission_id=submission.id, feedback=""))
        # The typed reply grades the first submission shown (one prompt at a time).
        grade = Prompt.of(GradeAssignment, submission_id=submission.id) if first else None
        replies.append(Reply(text=item, buttons=[back], prompt=grade))
    return replies


async def waiting_submission(ctx: Context, submission_id: uuid.UUID) -> tuple[AssignmentSubmission, Assignment, Any]:
    """The submission (locked), its assignment and course, for its instructor; it must be waiting for a grade."""
    ctx.actor.require_staff(texts.DOING_GRADE)
    row = (
        await ctx.session.execute(
            select(AssignmentSubmission, Assignment, Course, Enrollment.trainee_id)
            .join(Assignment, Assignment.id == AssignmentSubmission.assignment_id)
            .join(Course, Course.id == Assignment.course_id)
            .join(Enrollment, Enrollment.id == AssignmentSubmission.enrollment_id)
            .where(AssignmentSubmission.id == submission_id)
            .with_for_update(of=AssignmentSubmission)
        )
    ).first()
    if row is None:
        raise NotFound(texts.SUBMISSION_NOT_FOUND)
    submission, assignment, course, trainee_id = row
    require_manager(ctx, course.instructor_id, course.title)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise Conflict(texts.NOT_WAITING.format(status=submission.status))
    return submission, assignment, trainee_id


def event_fields(
    ctx: Context, submission: AssignmentSubmission, assignment: Assignment, trainee_id: uuid.UUID
) -> dict[str, uuid.UUID]:
    return {
        "submission_id": submission.id,
        "assignment_id": assignment.id,
        "enrollment_id": submission.enrollment_id,
        "trainee_id": trainee_id,
        "course_id": assignment.course_id,
        "organization_id": ctx.actor.organization_id,
    }


async def trainee_name(ctx: Context, trainee_id: uuid.UUID) -> str:
    user = await ctx.session.get(User, trainee_id)
    return user.full_name if user else ""


async def grade_assignment(ctx: Context, command: GradeAssignment) -> list[Reply]:
    """Grade a submission with a score from 0 to the assignment's max_score and optional feedback."""
    submission, assignment, trainee_id = await waiting_submission(ctx, command.submission_id)
    max_score = assignment.max_score or 100
    if not command.score.is_finite() or not 0 <= command.score <= min(Decimal(max_score), SCORE_CEILING):
        raise InvalidInput(texts.SCORE_OUT_OF_RANGE.format(max=max_score))
    score = command.score.quantize(Decimal("0.01"))
    feedback = (command.feedback or "").strip() or None
    if feedback and len(feedback) > FEEDBACK_MAX:
        raise InvalidInput(texts.FEEDBACK_TOO_LONG.format(max=FEEDBACK_MAX))
    before = {"status": submission.status, "score": submission.score, "feedback": submission.feedback}
    await ctx.session.execute(
        update(AssignmentSubmission)
        .where(AssignmentSubmission.id == submission.id)
        .values(
            status=SubmissionStatus.GRADED.value,
            score=score,
            feedback=feedback,
            graded_by=ctx.actor.user_id,
            graded_at=func.now(),
        )
    )
    after = {"status": SubmissionStatus.GRADED, "score": score, "feedback": feedback}
    ctx.uow.record("submission.graded", "assignment_submission", submission.id, before=before, after=after)
    fields = event_fields(ctx, submission, assignment, trainee_id)
    ctx.uow.emit(SubmissionGraded(**fields, score=score, max_score=max_score, graded_by=ctx.actor.user_id))
    name = await trainee_name(ctx, trainee_id)
    said = texts.ASSIGNMENT_GRADED.format(
        title=literal(assignment.title), trainee=literal(name), score=texts.number(score), max=max_score
    )
    return [Reply(text=said)]


async def return_assignment(ctx: Context, command: ReturnAssignment) -> list[Reply]:
    """Send a submission back for rework with feedback; the trainee may submit again."""
    feedback = command.feedback.strip()
    if len(feedback) > FEEDBACK_MAX:
        raise InvalidInput(texts.FEEDBACK_TOO_LONG.format(max=FEEDBACK_MAX))
    submission, assignment, trainee_id = await waiting_submission(ctx, command.submission_id)
    if not feedback:  # "Return for rework" pressed: the next message says what needs rework
        return [Reply(text=texts.FEEDBACK_REQUIRED, prompt=Prompt.of(ReturnAssignment, submission_id=submission.id))]
    before = {"status": submission.status, "feedback": submission.feedback}
    await ctx.session.execute(
        update(AssignmentSubmission)
        .where(AssignmentSubmission.id == submission.id)
        .values(status=SubmissionStatus.RETURNED.value, feedback=feedback)
    )
    after = {"status": SubmissionStatus.RETURNED, "feedback": feedback}
    ctx.uow.record("submission.returned", "assignment_submission", submission.id, before=before, after=after)
    fields = event_fields(ctx, submission, assignment, trainee_id)
    ctx.uow.emit(SubmissionReturned(**fields, feedback=feedback, returned_by=ctx.actor.user_id))
    name = await trainee_name(ctx, trainee_id)
    return [Reply(text=texts.ASSIGNMENT_RETURNED.format(title=literal(assignment.title), trainee=literal(name)))]
