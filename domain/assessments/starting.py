"""Starting an attempt: the next attempt number, max_attempts held under a lock, an unfinished one resumed."""

import json
import uuid

from sqlalchemy import func, select, text

from domain.assessments import texts
from domain.assessments.attempt_state import new_state
from domain.assessments.commands import StartAttempt
from domain.assessments.finishing import hand_in, next_step
from domain.assessments.loaded import LoadedAttempt, load_attempt, questions_by_id, stored_settings
from domain.errors import Conflict, NotFound
from domain.messagebus import Context
from domain.models import Assessment, AssessmentAttempt, Course, Enrollment
from domain.models.enums import CourseStatus, EnrollmentStatus
from domain.replies import Reply

# The deadline comes from the database clock, like started_at, so the two always agree.
NEW_ATTEMPT = text("""
INSERT INTO assessment_attempts (enrollment_id, assessment_id, attempt_number, answers)
VALUES (:enrollment_id, :assessment_id, :attempt_number,
        CASE WHEN CAST(:minutes AS integer) IS NULL THEN CAST(:state AS jsonb)
             ELSE jsonb_set(CAST(:state AS jsonb), '{deadline}',
                            to_jsonb(now() + make_interval(mins => CAST(:minutes AS integer))))
        END)
RETURNING id
""")


async def start_attempt(ctx: Context, command: StartAttempt) -> list[Reply]:
    """Start the next attempt at a quiz, or resume the unfinished one."""
    found = (
        await ctx.session.execute(
            select(Assessment, Course)
            .join(Course, Course.id == Assessment.course_id)
            .where(Assessment.id == command.assessment_id)
        )
    ).first()
    if found is None:
        raise NotFound(texts.QUIZ_NOT_FOUND)
    assessment, course = found
    if course.status != CourseStatus.PUBLISHED:
        raise Conflict(texts.QUIZ_NOT_OPEN.format(title=assessment.title))
    enrollment = await locked_enrollment(ctx, course.id, assessment.title)
    questions = list(questions_by_id(assessment.questions).values())
    settings = stored_settings(assessment.settings)

    replies: list[Reply] = []
    unfinished = await open_attempt(ctx, enrollment.id, assessment.id)
    if unfinished is not None and not unfinished.expired:
        return [Reply(text=texts.RESUMED.format(title=assessment.title)), await next_step(ctx, unfinished)]
    if unfinished is not None:
        replies.append(await hand_in(ctx, unfinished))

    used = await ctx.session.scalar(
        select(func.coalesce(func.max(AssessmentAttempt.attempt_number), 0)).where(
            AssessmentAttempt.enrollment_id == enrollment.id, AssessmentAttempt.assessment_id == assessment.id
        )
    )
    if assessment.max_attempts is not None and (used or 0) >= assessment.max_attempts:
        refusal = texts.NO_ATTEMPTS_LEFT.format(max=assessment.max_attempts, title=assessment.title)
        if replies:  # the expired attempt was just handed in: keep that, and say why no new one starts
            return [*replies, Reply(text=refusal)]
        raise Conflict(refusal)

    state = new_state(questions, settings)
    attempt_id = await ctx.session.scalar(
        NEW_ATTEMPT,
        {
            "enrollment_id": enrollment.id,
            "assessment_id": assessment.id,
            "attempt_number": (used or 0) + 1,
            "minutes": assessment.time_limit,
            "state": json.dumps(state),
        },
    )
    attempt = await load_attempt(ctx.uow, attempt_id)
    assert attempt is not None
    ctx.uow.record(
        "attempt.started",
        "assessment_attempt",
        attempt.id,
        after={"assessment_id": assessment.id, "attempt_number": attempt.attempt_number, "deadline": attempt.deadline},
    )
    return [*replies, started_reply(attempt, len(questions), assessment.time_limit), await next_step(ctx, attempt)]


async def locked_enrollment(ctx: Context, course_id: uuid.UUID, title: str) -> Enrollment:
    """The trainee's enrollment, locked: starts for one enrollment take turns, so none exceeds max_attempts."""
    enrollment = await ctx.session.scalar(
        select(Enrollment)
        .where(Enrollment.trainee_id == ctx.actor.user_id, Enrollment.course_id == course_id)
        .with_for_update()
    )
    if enrollment is None:
        raise Conflict(texts.NOT_ENROLLED.format(title=title))
    if enrollment.status == EnrollmentStatus.DROPPED:
        raise Conflict(texts.DROPPED.format(title=title))
    return enrollment


async def open_attempt(ctx: Context, enrollment_id: uuid.UUID, assessment_id: uuid.UUID) -> LoadedAttempt | None:
    attempt_id = await ctx.session.scalar(
        select(AssessmentAttempt.id)
        .where(
            AssessmentAttempt.enrollment_id == enrollment_id,
            AssessmentAttempt.assessment_id == assessment_id,
            AssessmentAttempt.submitted_at.is_(None),
        )
        .order_by(AssessmentAttempt.attempt_number.desc())
        .limit(1)
    )
    return None if attempt_id is None else await load_attempt(ctx.uow, attempt_id)


def started_reply(attempt: LoadedAttempt, count: int, minutes: int | None) -> Reply:
    of = texts.OF_ATTEMPTS.format(max=attempt.max_attempts) if attempt.max_attempts else ""
    limit = texts.TIME_LIMIT.format(minutes=minutes) if minutes else ""
    return Reply(
        text=texts.STARTED.format(
            title=attempt.title,
            number=attempt.attempt_number,
            of=of,
            count=count,
            s="" if count == 1 else "s",
            limit=limit,
        )
    )
