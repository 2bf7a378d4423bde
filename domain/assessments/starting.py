"""Starting an attempt: the next attempt number, max_attempts held under a lock, an unfinished one resumed.

Three statements on the hot path of a quiz: find and lock, the attempts so far, the new attempt (and, for a
quiz with a time limit, its deadline job: domain/assessments/expiry.py).
"""

import json
import uuid

from sqlalchemy import text

from domain.assessments import texts
from domain.assessments.attempt_state import new_state
from domain.assessments.commands import StartAttempt
from domain.assessments.completion import current
from domain.assessments.expiry import schedule_deadline
from domain.assessments.finishing import hand_in, next_step
from domain.assessments.loaded import (
    ATTEMPT_COLUMNS,
    ATTEMPT_JOINS,
    LoadedAttempt,
    attempt_joins,
    questions_by_id,
    stored_settings,
)
from domain.assessments.standing import Standing
from domain.errors import Conflict, NotFound
from domain.messagebus import Context, loads_actor_itself
from domain.models.enums import CourseStatus, EnrollmentStatus
from domain.replies import Button, Reply, literal
from domain.statement_parts import ACTOR, ACTOR_COLUMNS, ACTOR_MAY_ACT, audit_rows, changes

# The actor, the quiz and its course, and the trainee's enrollment locked: starts for one enrollment take
# turns, so none exceeds max_attempts. The attempts are read by the next statement, whose snapshot is taken
# after the lock (this one's may predate a start that committed while it waited).
FIND_AND_LOCK = text(f"""
WITH {ACTOR}, quiz AS (
    SELECT s.id AS assessment_id, s.title, s.questions, s.settings, s.max_attempts, s.time_limit, s.passing_score,
           c.id AS course_id, c.status AS course_status
    FROM assessments s JOIN courses c ON c.id = s.course_id
    WHERE s.id = CAST(:assessment_id AS uuid) AND {ACTOR_MAY_ACT}
), locked AS (
    SELECT e.id AS enrollment_id, e.status AS enrollment_status
    FROM enrollments e JOIN quiz q ON q.course_id = e.course_id
    WHERE e.trainee_id = CAST(:actor_id AS uuid)
    FOR UPDATE OF e
)
SELECT {ACTOR_COLUMNS}, q.*, l.*
FROM actor LEFT JOIN quiz q ON true LEFT JOIN locked l ON true
""")

# The unfinished attempt (locked, as load_attempt locks it), how many attempts were made, and where they stand:
# in the current round (attempts superseded by a Recertify are history), though the numbering goes on.
ATTEMPTS_SO_FAR = text(f"""
WITH every_attempt AS (
    SELECT id, attempt_number, submitted_at, score, is_passed, superseded_at FROM assessment_attempts
    WHERE enrollment_id = CAST(:enrollment_id AS uuid) AND assessment_id = CAST(:assessment_id AS uuid)
), attempts AS (
    SELECT * FROM every_attempt a WHERE {current("a")}
)
SELECT (SELECT count(*) FROM attempts) AS used,
       (SELECT coalesce(max(attempt_number), 0) FROM every_attempt) AS numbered,
       (SELECT coalesce(bool_or(is_passed), false) FROM attempts) AS passed_any,
       (SELECT max(score) FROM attempts) AS best,
       (SELECT count(*) FROM attempts WHERE submitted_at IS NOT NULL AND score IS NULL) AS pending, o.*
FROM (SELECT 1) one
LEFT JOIN (
    SELECT {ATTEMPT_COLUMNS} {ATTEMPT_JOINS}
    WHERE a.id = (SELECT id FROM attempts WHERE submitted_at IS NULL ORDER BY attempt_number DESC LIMIT 1)
    FOR UPDATE OF a
) o ON true
""")

STARTED = changes(
    "NULL",
    "jsonb_build_object('assessment_id', a.assessment_id, 'attempt_number', a.attempt_number, "
    "'deadline', a.answers -> 'deadline')",
)
STARTED_AUDIT = audit_rows("audit", f"SELECT 'attempt.started', 'assessment_attempt', a.id, {STARTED} FROM a")

# The new attempt, read back as load_attempt reads one, with its audit row. The deadline comes from the
# database clock, like started_at, so the two always agree.
NEW_ATTEMPT = text(f"""
WITH a AS (
    INSERT INTO assessment_attempts (enrollment_id, assessment_id, attempt_number, answers)
    VALUES (CAST(:enrollment_id AS uuid), CAST(:assessment_id AS uuid), CAST(:attempt_number AS integer),
            CASE WHEN CAST(:minutes AS integer) IS NULL THEN CAST(:state AS jsonb)
                 ELSE jsonb_set(CAST(:state AS jsonb), '{{deadline}}',
                                to_jsonb(now() + make_interval(mins => CAST(:minutes AS integer))))
            END)
    RETURNING *
), {STARTED_AUDIT}
SELECT {ATTEMPT_COLUMNS} {attempt_joins("a")}
""")


@loads_actor_itself
async def start_attempt(ctx: Context, command: StartAttempt) -> list[Reply]:
    """Start the next attempt at a quiz, or resume the unfinished one."""
    found = await ctx.fetch_as_actor(FIND_AND_LOCK, assessment_id=command.assessment_id)
    if found.assessment_id is None:
        raise NotFound(texts.QUIZ_NOT_FOUND)
    if found.course_status != CourseStatus.PUBLISHED:
        raise Conflict(texts.QUIZ_NOT_OPEN.format(title=literal(found.title)))
    if found.enrollment_id is None:
        raise Conflict(texts.NOT_ENROLLED.format(title=literal(found.title)))
    if found.enrollment_status == EnrollmentStatus.DROPPED:
        raise Conflict(texts.DROPPED.format(title=literal(found.title)))
    questions = list(questions_by_id(found.questions).values())
    settings = stored_settings(found.settings)

    so_far = await ctx.uow.fetch_one(
        ATTEMPTS_SO_FAR, {"enrollment_id": found.enrollment_id, "assessment_id": found.assessment_id}
    )
    replies: list[Reply] = []
    if so_far.id is not None:
        unfinished = LoadedAttempt.from_row(so_far._mapping)
        if not unfinished.expired:
            return [Reply(text=texts.RESUMED.format(title=literal(found.title))), await next_step(ctx, unfinished)]
        replies.append(await hand_in(ctx, unfinished))

    standing = Standing(
        title=found.title,
        used=so_far.used,
        max_attempts=found.max_attempts,
        passing_score=found.passing_score,
        best=so_far.best,
        passed=so_far.passed_any,
        pending=so_far.pending,
    )
    if not replies and standing.settled and not command.again:
        return [standing_reply(standing, found.assessment_id)]

    if found.max_attempts is not None and so_far.used >= found.max_attempts:
        refusal = texts.NO_ATTEMPTS_LEFT.format(max=found.max_attempts, title=literal(found.title))
        if replies:  # the expired attempt was just handed in: keep that, and say why no new one starts
            return [*replies, Reply(text=refusal)]
        raise Conflict(refusal)

    created = await ctx.uow.fetch_one(
        NEW_ATTEMPT,
        {
            "enrollment_id": found.enrollment_id,
            "assessment_id": found.assessment_id,
            "attempt_number": so_far.numbered + 1,
            "minutes": found.time_limit,
            "state": json.dumps(new_state(questions, settings)),
            "actor_id": ctx.uow.actor_id,
        },
    )
    attempt = LoadedAttempt.from_row(created._mapping)
    if found.time_limit:
        await schedule_deadline(ctx.uow, attempt.id, found.time_limit)
    return [*replies, started_reply(attempt, len(questions), found.time_limit), await next_step(ctx, attempt)]


def standing_reply(standing: Standing, assessment_id: uuid.UUID) -> Reply:
    """Where the trainee stands, with a retake button where one makes sense."""
    said = texts.STANDING.format(title=literal(standing.title), standing=standing.line())
    buttons = []
    if standing.passed and standing.may_retake:
        said += texts.RETAKE_HINT
        retake = StartAttempt(assessment_id=assessment_id, again=True)
        buttons.append(Button(label=standing.retake_label(), command=retake))
    return Reply(text=said, buttons=buttons)


def started_reply(attempt: LoadedAttempt, count: int, minutes: int | None) -> Reply:
    of = texts.OF_ATTEMPTS.format(max=attempt.max_attempts) if attempt.max_attempts else ""
    limit = texts.TIME_LIMIT.format(minutes=minutes) if minutes else ""
    return Reply(
        text=texts.STARTED.format(
            title=literal(attempt.title),
            number=attempt.round_number,
            of=of,
            count=count,
            s="" if count == 1 else "s",
            limit=limit,
        )
    )
