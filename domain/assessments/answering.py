"""Answering a question: one statement stores the answer (if it may be stored), audits it and returns the attempt.

The statement locks the attempt row, maps a shown option back to the original option index, and
appends the answer only when the attempt is the trainee's, unsubmitted, before its deadline, and the
question has no answer yet; a double tap or a redelivered update therefore keeps the first answer.
Everything the reply needs (the attempt, its questions and settings) comes back with it.
"""

from sqlalchemy import text

from domain.assessments import texts
from domain.assessments.commands import AnswerQuestion
from domain.assessments.finishing import hand_in, next_step
from domain.assessments.grading import marked
from domain.assessments.loaded import ATTEMPT_COLUMNS, ATTEMPT_JOINS, LoadedAttempt
from domain.assessments.presenting import describe_answer, feedback_reply, pick_hint, question_reply
from domain.assessments.questions import MultipleChoice, TrueFalse
from domain.assessments.typed_choice import typed_position
from domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.messagebus import Context, loads_actor_itself
from domain.models.enums import CourseStatus
from domain.replies import Reply, literal
from domain.statement_parts import ACTOR, ACTOR_COLUMNS, ACTOR_MAY_ACT, actor_of, audit_rows, changes

ANSWER_MAX = 10_000
NUMBER_MAX = 10_000

AUDIT_ANSWER = audit_rows(
    "audited",
    f"""
    SELECT 'attempt.answered', 'assessment_attempt', s.id,
           {changes("NULL", "jsonb_build_object('question_id', t.question_id, 'answer', g.answer)")}
    FROM stored s JOIN target t ON t.id = s.id JOIN given g ON g.id = s.id""",
)

STORE_ANSWER = text(f"""
WITH {ACTOR}, target AS (
    SELECT {ATTEMPT_COLUMNS}, a.answers->'order'->>(CAST(:number AS integer) - 1) AS question_id
    {ATTEMPT_JOINS}
    WHERE a.id = CAST(:attempt_id AS uuid)
    FOR UPDATE OF a
), asked AS (
    SELECT t.id, q.question
    FROM target t
    LEFT JOIN LATERAL jsonb_path_query_first(t.questions, '$.questions[*] ? (@.id == $id)',
                                             jsonb_build_object('id', t.question_id)) AS q(question) ON true
), given AS (
    SELECT t.id, CASE k.question->>'type'
        WHEN 'multiple_choice' THEN CASE
            WHEN CAST(:position AS integer) BETWEEN 0 AND jsonb_array_length(k.question->'options') - 1
            THEN to_jsonb(COALESCE(
                (t.state #>> ARRAY['options', t.question_id, CAST(:position AS integer)::text])::integer,
                CAST(:position AS integer)))
            END
        WHEN 'true_false' THEN to_jsonb(CAST(:flag AS boolean))
        WHEN 'short_answer' THEN to_jsonb(NULLIF(CAST(:text AS text), ''))
        WHEN 'essay' THEN to_jsonb(NULLIF(CAST(:text AS text), ''))
    END AS answer
    FROM target t JOIN asked k ON k.id = t.id
), stored AS (
    UPDATE assessment_attempts a
    SET answers = jsonb_set(a.answers, '{{answers}}', COALESCE(a.answers->'answers', '[]'::jsonb)
        || jsonb_build_array(jsonb_build_object(
            'question_id', t.question_id, 'answer', g.answer, 'is_correct', NULL, 'points_earned', NULL)))
    FROM target t JOIN given g ON g.id = t.id
    WHERE a.id = t.id AND t.trainee_id = CAST(:actor_id AS uuid) AND a.submitted_at IS NULL AND a.superseded_at IS NULL
      AND t.course_status <> 'archived' AND (t.deadline IS NULL OR t.now <= t.deadline)
      AND g.answer IS NOT NULL AND {ACTOR_MAY_ACT}
      AND NOT COALESCE(a.answers->'answers', '[]'::jsonb)
          @> jsonb_build_array(jsonb_build_object('question_id', t.question_id))
    RETURNING a.id, a.answers
), {AUDIT_ANSWER}
SELECT {ACTOR_COLUMNS}, t.*, k.question, g.answer AS given, s.answers AS stored_state
FROM actor
LEFT JOIN target t ON true
LEFT JOIN asked k ON k.id = t.id
LEFT JOIN given g ON g.id = t.id
LEFT JOIN stored s ON s.id = t.id
""")

FLAGS = {"0": True, "1": False, "true": True, "false": False, "t": True, "f": False, "yes": True, "no": False}


@loads_actor_itself
async def answer_question(ctx: Context, command: AnswerQuestion) -> list[Reply]:
    """Store the trainee's answer the moment it arrives; then feedback and the next question (or the summary).

    The hot path: the acting user is read by the same statement (no separate load_actor round trip).
    """
    if not 1 <= command.number <= NUMBER_MAX:
        raise InvalidInput(texts.NO_SUCH_QUESTION.format(number=command.number))
    if len(command.answer) > ANSWER_MAX:
        raise InvalidInput(texts.ANSWER_TOO_LONG.format(max=ANSWER_MAX))
    given = command.answer.strip()
    # A typed reply to a question with options is matched to an option once the question is known (not_stored).
    pressed = not command.typed
    params = {
        "attempt_id": command.attempt_id,
        "number": command.number,
        "actor_id": ctx.uow.actor_id,
        "position": int(given) if pressed and given.isdecimal() and len(given) < 4 else None,
        "flag": FLAGS.get(given.casefold()) if pressed else None,
        "text": given,
    }
    found = await ctx.uow.fetch_one(STORE_ANSWER, params)
    row = None if found is None else found._mapping
    ctx.identify(actor_of(row))
    assert row is not None  # actor_of refused an unknown actor
    if row["id"] is None:
        raise NotFound(texts.ATTEMPT_NOT_FOUND)
    stored = row["stored_state"]
    attempt = LoadedAttempt.from_row(row, state=stored)
    if stored is None:
        return await not_stored(ctx, attempt, command, row["question_id"])
    by_id = attempt.question_set()
    question = by_id[row["question_id"]]
    replies = []
    feedback = feedback_reply(question, marked(question, {"answer": row["given"]}), attempt.assessment_settings())
    if feedback is not None:
        replies.append(feedback)
    replies.append(await next_step(ctx, attempt))
    return replies


async def not_stored(
    ctx: Context, attempt: LoadedAttempt, command: AnswerQuestion, question_id: str | None
) -> list[Reply]:
    """Say why the answer was not stored; an attempt found past its deadline is handed in at the deadline.

    A typed reply to a question with options is stored as the option it names, or answered with the options
    again (the question stays open)."""
    number = command.number
    if attempt.trainee_id != ctx.actor.user_id:
        raise PermissionDenied(texts.NOT_YOUR_ATTEMPT)
    if attempt.submitted_at is not None:
        raise Conflict(texts.QUESTION_CLOSED)
    if attempt.superseded_at is not None:
        raise Conflict(texts.ATTEMPT_SUPERSEDED)
    if attempt.course_status == CourseStatus.ARCHIVED:
        raise Conflict(texts.QUIZ_CLOSED)
    if attempt.expired:
        return [await hand_in(ctx, attempt)]
    if question_id is None:
        raise InvalidInput(texts.NO_SUCH_QUESTION.format(number=number))
    question = attempt.question_set().get(question_id)
    if question is None:
        raise Conflict(texts.QUESTION_CLOSED)
    first = attempt.attempt_state().entry(question_id)
    if first is not None:
        said = texts.ALREADY_ANSWERED.format(
            number=number, answer=literal(describe_answer(question, first.get("answer")))
        )
        return [Reply(text=said), await next_step(ctx, attempt)]
    if command.typed and isinstance(question, MultipleChoice | TrueFalse):
        return await typed_choice(ctx, attempt, command, question)
    if isinstance(question, MultipleChoice):
        raise InvalidInput(texts.PICK_AN_OPTION)
    if isinstance(question, TrueFalse):
        raise InvalidInput(texts.PICK_TRUE_OR_FALSE)
    raise InvalidInput(texts.TYPE_AN_ANSWER)


async def typed_choice(
    ctx: Context, attempt: LoadedAttempt, command: AnswerQuestion, question: MultipleChoice | TrueFalse
) -> list[Reply]:
    """Store the option the typed text names (as if pressed), or show the options again with how to pick one."""
    state = attempt.attempt_state()
    options = state.shown_options(question)
    position = typed_position(command.answer, options, true_false=isinstance(question, TrueFalse))
    if position is not None:
        return await answer_question(ctx, command.model_copy(update={"answer": str(position), "typed": False}))
    asked = question_reply(attempt, state, command.number, question)
    return [asked.model_copy(update={"text": pick_hint(command.answer, options), "quiz": None})]
