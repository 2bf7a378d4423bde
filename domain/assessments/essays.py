"""Essays wait for a person: the grading queue (oldest first) and grading one answer with points and feedback."""

from decimal import Decimal
from typing import Any

from sqlalchemy import func, text, update

from domain.assessments import texts
from domain.assessments.access import require_manager
from domain.assessments.commands import GradeEssay, ShowGradingQueue
from domain.assessments.events import AssessmentPassed, AttemptGraded
from domain.assessments.grading import as_number, score_attempt
from domain.assessments.loaded import LoadedAttempt, load_attempt, questions_by_id
from domain.assessments.questions import AnyQuestion, Essay
from domain.clock import organization_zone
from domain.errors import Conflict, InvalidInput, NotFound
from domain.messagebus import Context
from domain.models import AssessmentAttempt
from domain.replies import Button, Prompt, Reply, literal

FEEDBACK_MAX = 5_000
QUEUE_LIMIT = 10

PENDING_ESSAYS = text("""
SELECT a.id AS attempt_id, a.submitted_at, s.title, s.questions, c.course_code,
       u.first_name || ' ' || u.last_name AS trainee, entry->>'question_id' AS question_id, entry->>'answer' AS answer,
       count(*) OVER () AS waiting
FROM assessment_attempts a
JOIN assessments s ON s.id = a.assessment_id
JOIN courses c ON c.id = s.course_id
JOIN enrollments e ON e.id = a.enrollment_id
JOIN users u ON u.id = e.trainee_id
CROSS JOIN LATERAL jsonb_array_elements(a.answers->'answers') WITH ORDINALITY AS answered(entry, place)
WHERE a.submitted_at IS NOT NULL AND a.score IS NULL
  AND jsonb_typeof(entry->'answer') = 'string'
  AND COALESCE(jsonb_typeof(entry->'points_earned'), 'null') = 'null'
  AND (CAST(:everyone AS boolean) OR c.instructor_id = CAST(:actor_id AS uuid))
  AND (CAST(:course_code AS text) IS NULL OR c.course_code = CAST(:course_code AS text))
ORDER BY a.submitted_at, a.id, answered.place
LIMIT :limit
""")


async def show_grading_queue(ctx: Context, command: ShowGradingQueue) -> list[Reply]:
    """Essay answers waiting for a grade in the person's courses (an admin's: the organization's), oldest first."""
    ctx.actor.require_staff(texts.DOING_GRADE)
    params = {
        "everyone": ctx.actor.is_admin,
        "actor_id": ctx.actor.user_id,
        "course_code": command.course_code,
        "limit": QUEUE_LIMIT,
    }
    rows = (await ctx.session.execute(PENDING_ESSAYS, params)).mappings().all()
    if not rows:
        return [Reply(text=texts.QUEUE_EMPTY)]
    waiting = rows[0]["waiting"]
    zone = await organization_zone(ctx.session, ctx.actor.organization_id)
    replies = [Reply(text=texts.QUEUE_HEADER.format(count=waiting, s="" if waiting == 1 else "s"))]
    for row in rows:
        question = queued_question(row["questions"], row["question_id"])
        if question is None:
            continue
        first = len(replies) == 1
        item = texts.ESSAY_ITEM.format(
            course=row["course_code"],
            title=row["title"],
            trainee=row["trainee"],
            submitted=texts.when(row["submitted_at"], zone),
            points=texts.points(question.points),
            question=literal(question.question),
            answer=literal(row["answer"]),
            how=texts.GRADE_BY_REPLY.format(max=as_number(question.points)) if first else texts.GRADE_BY_BUTTON,
        )
        # The typed reply grades the first answer shown (one prompt at a time); every answer has buttons.
        grade = Prompt.of(GradeEssay, attempt_id=row["attempt_id"], question_id=row["question_id"]) if first else None
        buttons = points_buttons(row["attempt_id"], question)
        replies.append(Reply(text=item, prompt=grade, buttons=buttons))
    return replies


# A button's action must fit Telegram's 64 bytes with the attempt id and the question id in it.
BUTTON_QUESTION_ID_MAX = 16
POINTS_BUTTONS_MAX = 6


def points_buttons(attempt_id: Any, question: AnyQuestion) -> list[Button]:
    """One button per whole point up to the maximum (or none, full marks and half), when the action fits."""
    if len(question.id) > BUTTON_QUESTION_ID_MAX:
        return []
    top = Decimal(str(question.points))
    whole = top == top.to_integral_value() and top + 1 <= POINTS_BUTTONS_MAX
    steps = [Decimal(n) for n in range(int(top) + 1)] if whole else sorted({Decimal(0), top / 2, top})
    return [
        Button(
            label=texts.points(float(step)),
            command=GradeEssay(attempt_id=attempt_id, question_id=question.id, points=step),
        )
        for step in steps
    ]


def queued_question(raw: Any, question_id: str) -> AnyQuestion | None:
    """The essay question of a queued answer; None when the quiz has since lost it (or was stored broken)."""
    try:
        return questions_by_id(raw).get(question_id)
    except Conflict:
        return None


async def grade_essay(ctx: Context, command: GradeEssay) -> list[Reply]:
    """Grade one essay answer; once none is left, the attempt's score and pass state are computed."""
    ctx.actor.require_staff(texts.DOING_GRADE)
    attempt = await load_attempt(ctx.uow, command.attempt_id)
    if attempt is None:
        raise NotFound(texts.ATTEMPT_NOT_FOUND)
    require_manager(ctx, attempt.instructor_id, attempt.title)
    if attempt.submitted_at is None:
        raise Conflict(texts.NOT_SUBMITTED_YET)
    state = attempt.attempt_state()
    question = attempt.question_set().get(command.question_id)
    entry = state.entry(command.question_id)
    if not isinstance(question, Essay) or entry is None or entry.get("answer") is None:
        raise Conflict(texts.NOT_AN_ESSAY.format(question_id=command.question_id))
    if entry.get("points_earned") is not None:
        raise Conflict(texts.ESSAY_ALREADY_GRADED)
    if not command.points.is_finite() or not 0 <= command.points <= Decimal(str(question.points)):
        raise InvalidInput(texts.POINTS_OUT_OF_RANGE.format(max=as_number(question.points)))
    if command.feedback and len(command.feedback) > FEEDBACK_MAX:
        raise InvalidInput(texts.FEEDBACK_TOO_LONG.format(max=FEEDBACK_MAX))

    points = as_number(float(command.points))
    graded = {**entry, "is_correct": points == question.points, "points_earned": points}
    entries = [graded if e is entry else e for e in state.answers]
    scored = score_attempt(state.questions(attempt.question_set()), entries, attempt.passing_score)
    feedback = attempt_feedback(attempt, state.number_of(question.id), command.feedback)
    await ctx.session.execute(
        update(AssessmentAttempt)
        .where(AssessmentAttempt.id == attempt.id)
        .values(
            answers={**attempt.state, "answers": scored.entries},
            score=scored.score,
            is_passed=scored.is_passed,
            graded_by=ctx.actor.user_id,
            graded_at=func.now(),
            feedback=feedback,
        )
    )
    ctx.uow.record(
        "attempt.essay_graded",
        "assessment_attempt",
        attempt.id,
        before={"question_id": question.id, "points_earned": None},
        after={
            "question_id": question.id,
            "points_earned": points,
            "feedback": command.feedback,
            "score": scored.score,
            "is_passed": scored.is_passed,
        },
    )
    if scored.score is not None and scored.is_passed is not None:
        emit_graded(ctx, attempt, scored.score, scored.is_passed)
    said = texts.ESSAY_GRADED.format(points=points, max=as_number(question.points))
    if scored.pending:
        said += texts.ESSAYS_STILL_PENDING.format(
            count=scored.pending, s="" if scored.pending == 1 else "s", verb="s" if scored.pending == 1 else ""
        )
    elif scored.score is not None:
        verdict = texts.PASSED if scored.is_passed else texts.NOT_PASSED
        said += texts.ATTEMPT_FULLY_GRADED.format(score=texts.percent(scored.score), verdict=verdict)
    return [Reply(text=said)]


def attempt_feedback(attempt: LoadedAttempt, number: int, feedback: str | None) -> str | None:
    """attempts.feedback gathers each essay's feedback as a line "Question N: ..."."""
    if not feedback:
        return attempt.feedback
    line = texts.FEEDBACK_LINE.format(number=number, feedback=literal(feedback))
    return f"{attempt.feedback}\n{line}" if attempt.feedback else line


def emit_graded(ctx: Context, attempt: LoadedAttempt, score: Decimal, is_passed: bool) -> None:
    """The trainee can be told; a pass re-evaluates course completion (unless the attempt is from before a
    Recertify: then it is history and counts no more)."""
    ids = attempt.event_fields()
    ctx.uow.emit(AttemptGraded(**ids, score=score, is_passed=is_passed, graded_by=ctx.actor.user_id))
    if is_passed and attempt.superseded_at is None:
        ctx.uow.emit(AssessmentPassed(**ids))
