"""Handing in one attempt from a handler, and what the trainee is asked next."""

import uuid

from domain.assessments import texts
from domain.assessments.commands import SubmitAttempt
from domain.assessments.loaded import LoadedAttempt, load_attempt
from domain.assessments.presenting import question_reply, summary_reply
from domain.assessments.submitting import submit_attempts
from domain.errors import Conflict, NotFound, PermissionDenied
from domain.messagebus import Context
from domain.replies import Reply


async def hand_in(ctx: Context, attempt: LoadedAttempt) -> Reply:
    """Submit the (locked) attempt now, or at its deadline when that has passed; the summary reply."""
    done = await submit_attempts(ctx.uow, [attempt], ctx.actor.user_id)
    if not done:
        raise Conflict(texts.ALREADY_SUBMITTED)
    submitted = done[0]
    for event in submitted.events():
        ctx.uow.emit(event)
    return summary_reply(attempt, submitted.scored, submitted.questions, timed_out=submitted.timed_out)


async def next_step(ctx: Context, attempt: LoadedAttempt) -> Reply:
    """The next unanswered question, or the attempt handed in when none is left."""
    state = attempt.attempt_state()
    upcoming = state.next_question(attempt.question_set())
    if upcoming is None:
        return await hand_in(ctx, attempt)
    number, question = upcoming
    return question_reply(attempt, state, number, question)


async def own_attempt(ctx: Context, attempt_id: uuid.UUID) -> LoadedAttempt:
    """The trainee's own attempt, locked; someone else's is refused."""
    attempt = await load_attempt(ctx.uow, attempt_id)
    if attempt is None:
        raise NotFound(texts.ATTEMPT_NOT_FOUND)
    if attempt.trainee_id != ctx.actor.user_id:
        raise PermissionDenied(texts.NOT_YOUR_ATTEMPT)
    return attempt


async def submit_attempt(ctx: Context, command: SubmitAttempt) -> list[Reply]:
    """Hand in an attempt now; unanswered questions count as wrong."""
    attempt = await own_attempt(ctx, command.attempt_id)
    if attempt.submitted_at is not None:
        raise Conflict(texts.ALREADY_SUBMITTED)
    if attempt.superseded_at is not None:
        raise Conflict(texts.ATTEMPT_SUPERSEDED)
    return [await hand_in(ctx, attempt)]
