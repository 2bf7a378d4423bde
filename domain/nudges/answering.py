"""Answering a review card: marked as the quiz marks, rated for fsrs (Good when right, Again when wrong), and the
card's next due time set. The quiz attempt is never touched. Each round (the card's reps when it was asked) is
answered once: a second press, an old nudge or a redelivered update finds the round over and changes nothing."""

import json
from typing import Any

from sqlalchemy import text

from domain.assessments.grading import is_correct
from domain.assessments.presenting import correct_answer_text
from domain.assessments.questions import AnyQuestion, ShortAnswer, TrueFalse
from domain.assessments.settings import parse_settings
from domain.assessments.typed_choice import typed_position
from domain.clock import Clock, organization_zone
from domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.messagebus import Context
from domain.nudges import texts
from domain.nudges.asking import Asked, options_of, review_reply
from domain.nudges.commands import AnswerReview
from domain.nudges.loading import LOCK_CARD, asked, question_of, stop, when
from domain.nudges.schedule import review
from domain.replies import Reply, literal

ANSWER_MAX = 10_000
PRESSED_TRUE_FALSE = {"0": True, "1": False, "true": True, "false": False}

RATE = text("""
UPDATE review_cards
SET fsrs_card = CAST(:card AS jsonb), due_at = :due_at, reps = reps + 1, lapses = lapses + :lapse,
    last_rating = :rating, last_reviewed_at = :now, asked_at = NULL,
    first_right_at = CASE WHEN :right THEN COALESCE(first_right_at, :now) ELSE first_right_at END
WHERE id = :id AND reps = :round
RETURNING id
""")


class NotAnOption(Exception):
    """Typed text that names none of the options: the question is asked again."""


def given_answer(question: AnyQuestion, command: AnswerReview) -> Any:
    """The answer as the quiz stores it (an option index, a boolean, the text); InvalidInput when it is none."""
    answer = command.answer.strip()
    if isinstance(question, ShortAnswer):
        if not answer:
            raise InvalidInput(texts.TYPE_AN_ANSWER)
        return answer
    options = options_of(question)
    if command.typed:
        position = typed_position(answer, options, true_false=isinstance(question, TrueFalse))
        if position is None:
            raise NotAnOption()
    elif isinstance(question, TrueFalse) and answer.casefold() in PRESSED_TRUE_FALSE:
        return PRESSED_TRUE_FALSE[answer.casefold()]
    elif answer.isdecimal() and len(answer) < 4 and int(answer) < len(options):
        position = int(answer)
    else:
        raise InvalidInput(texts.PICK_AN_OPTION)
    return position == 0 if isinstance(question, TrueFalse) else position


def reveals_answers(settings: Any) -> bool:
    """Whether the quiz shows correct answers (an instructor may have said never); readable settings or yes."""
    try:
        return parse_settings(settings).reveals_correct_answers
    except InvalidInput:
        return True


def verdict(question: AnyQuestion, right: bool, reveal: bool) -> str:
    if right:
        lines = [texts.RIGHT]
    elif reveal:
        lines = [texts.NOT_QUITE.format(answer=literal(correct_answer_text(question)))]
    else:
        lines = [texts.NOT_QUITE_HIDDEN]
    if question.explanation and (right or reveal):
        lines.append(literal(question.explanation))
    return "\n".join(lines)


def asked_again(card: Asked, typed: str) -> Reply:
    """The question again, saying that the typed text named no option; the next text answers it."""
    again = review_reply(card)
    hint = texts.NOT_AN_OPTION.format(typed=literal(" ".join(typed.split())[:40]))
    return again.model_copy(update={"text": f"{hint}\n\n{again.text}"})


async def answer_review(ctx: Context, command: AnswerReview, *, clock: Clock) -> list[Reply]:
    """Mark the answer, rate the card and schedule it again; say right or not, why, and when it comes back."""
    if len(command.answer) > ANSWER_MAX:
        raise InvalidInput(texts.ANSWER_TOO_LONG.format(max=ANSWER_MAX))
    row = await ctx.uow.fetch_one(LOCK_CARD, {"id": command.card_id})
    if row is None:
        raise NotFound(texts.NOT_FOUND)
    if row.trainee_id != ctx.actor.user_id:
        raise PermissionDenied(texts.NOT_YOURS)
    now = clock.now()
    zone = await organization_zone(ctx.session, ctx.actor.organization_id)
    if row.reps != command.round:
        return [Reply(text=texts.ALREADY_ANSWERED.format(when=when(row.due_at, now, zone)))]
    if row.stopped_at is not None:
        raise Conflict(texts.STOPPED)
    question = question_of(row)
    if question is None:
        await stop(ctx.uow, [row.id], now)
        return [Reply(text=texts.QUESTION_GONE)]
    try:
        given = given_answer(question, command)
    except NotAnOption:
        return [asked_again(asked(row, question), command.answer)]
    right = bool(is_correct(question, given))
    reviewed = review(row.fsrs_card, right, now)
    parameters = {
        "id": row.id,
        "round": command.round,
        "card": json.dumps(reviewed.card),
        "due_at": reviewed.due_at,
        "lapse": 0 if right else 1,
        "rating": int(reviewed.rating),
        "right": right,
        "now": now,
    }
    await ctx.uow.fetch(RATE, parameters)
    ctx.uow.record(
        "review_card.answered",
        "review_card",
        row.id,
        after={"answer": given, "right": right, "rating": int(reviewed.rating), "due_at": reviewed.due_at},
    )
    comes_back = texts.NEXT_TIME.format(when=when(reviewed.due_at, now, zone))
    return [Reply(text=f"{verdict(question, right, reveals_answers(row.settings))}\n{comes_back}")]
