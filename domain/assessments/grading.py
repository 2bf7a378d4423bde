"""Marking answers and scoring attempts: pure functions over the questions and the stored answers.

An answer entry keeps the seed's shape: {"question_id", "answer", "is_correct", "points_earned"}.
Essays stay ungraded (is_correct and points_earned null) until a person grades them; a graded essay
counts as correct only with full points. An unanswered question is wrong and earns nothing.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from domain.assessments.questions import AnyQuestion, Essay, MultipleChoice, ShortAnswer, TrueFalse

Entry = dict[str, Any]


def normalized(text: str) -> str:
    """What short answers are compared by: case folded, outer space trimmed, inner runs of space made one."""
    return " ".join(text.split()).casefold()


def is_correct(question: AnyQuestion, answer: Any) -> bool | None:
    """Whether the answer is right; None when a person must judge (essays)."""
    if isinstance(question, Essay):
        return None
    if answer is None:
        return False
    if isinstance(question, MultipleChoice):
        return type(answer) is int and answer == question.correct_answer
    if isinstance(question, TrueFalse):
        return type(answer) is bool and answer == question.correct_answer
    if isinstance(question, ShortAnswer):
        return isinstance(answer, str) and normalized(answer) in {normalized(a) for a in question.correct_answer}
    raise TypeError(f"unknown question type {type(question).__name__}")


def as_number(points: float) -> float | int:
    return int(points) if float(points).is_integer() else points


def marked(question: AnyQuestion, stored: Entry | None) -> Entry:
    """The entry for a question with is_correct and points_earned set (a graded essay keeps its grade)."""
    answer = stored.get("answer") if stored else None
    if isinstance(question, Essay):
        graded = stored is not None and stored.get("points_earned") is not None
        if graded and stored is not None:
            return dict(stored)
        if answer is None:
            return {"question_id": question.id, "answer": None, "is_correct": False, "points_earned": 0}
        return {"question_id": question.id, "answer": answer, "is_correct": None, "points_earned": None}
    right = bool(is_correct(question, answer))
    points = as_number(question.points) if right else 0
    return {"question_id": question.id, "answer": answer, "is_correct": right, "points_earned": points}


@dataclass(frozen=True)
class Scored:
    """An attempt marked question by question; score and is_passed stay None while essays wait."""

    entries: list[Entry]
    earned: float
    total: float
    pending: int
    score: Decimal | None
    is_passed: bool | None


def percentage(earned: float, total: float) -> Decimal:
    if total <= 0:
        return Decimal("100.00")
    return (Decimal(str(earned)) * 100 / Decimal(str(total))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score_attempt(questions: Sequence[AnyQuestion], stored: Iterable[Entry], passing_score: int | None) -> Scored:
    """Mark every question of the attempt (in its order) against the stored answers, weighted by points."""
    by_question = {str(entry.get("question_id")): entry for entry in stored}
    entries = [marked(question, by_question.get(question.id)) for question in questions]
    pending = sum(1 for entry in entries if entry["points_earned"] is None)
    earned = sum(float(entry["points_earned"] or 0) for entry in entries)
    total = sum(question.points for question in questions)
    if pending:
        return Scored(entries, earned, total, pending, None, None)
    score = percentage(earned, total)
    return Scored(entries, earned, total, 0, score, score >= (passing_score or 0))
