"""Per-attempt state kept in assessment_attempts.answers beside the seed's "answers" list.

{"answers": [...],                      the seed's entries, one per answered question
 "order": ["q3", "q1", "q2"],           the attempt's questions in the order they are asked
 "options": {"q1": [2, 0, 1]},          shuffled options: shown position -> original option index
 "deadline": "2026-01-01T10:30:00+00:00"}  with a time limit: when the attempt is submitted at the latest

Questions are numbered by their place in "order" (1 is the first), which stays fixed for the attempt.
"""

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.assessments.grading import Entry
from domain.assessments.questions import AnyQuestion, MultipleChoice, TrueFalse
from domain.assessments.settings import AssessmentSettings

_random = random.SystemRandom()


def shuffled(items: Sequence[Any]) -> list[Any]:
    """A new order that differs from the given one whenever there are two or more distinct orders."""
    result = list(items)
    if len(set(map(repr, items))) < 2:
        return result
    while result == list(items):
        _random.shuffle(result)
    return result


def new_state(questions: Sequence[AnyQuestion], settings: AssessmentSettings) -> dict[str, Any]:
    """The state a new attempt starts with (its deadline is added by the database, from its clock)."""
    order = [question.id for question in questions]
    state: dict[str, Any] = {"answers": [], "order": shuffled(order) if settings.shuffle_questions else order}
    if settings.shuffle_options:
        permutations = {q.id: shuffled(range(len(q.options))) for q in questions if isinstance(q, MultipleChoice)}
        if permutations:
            state["options"] = permutations
    return state


@dataclass(frozen=True)
class AttemptState:
    order: list[str]
    answers: list[Entry]
    options: dict[str, list[int]] = field(default_factory=dict)
    deadline: datetime | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> "AttemptState":
        data = data or {}
        answers = list(data.get("answers") or [])
        order = [str(qid) for qid in data.get("order") or [entry.get("question_id") for entry in answers]]
        deadline = data.get("deadline")
        return cls(
            order=order,
            answers=answers,
            options={str(k): list(v) for k, v in (data.get("options") or {}).items()},
            deadline=datetime.fromisoformat(deadline) if isinstance(deadline, str) else None,
        )

    def entry(self, question_id: str) -> Entry | None:
        return next((e for e in self.answers if str(e.get("question_id")) == question_id), None)

    def questions(self, by_id: Mapping[str, AnyQuestion]) -> list[AnyQuestion]:
        """The attempt's questions in asking order (a question removed from the assessment since is left out)."""
        return [by_id[qid] for qid in self.order if qid in by_id]

    def number_of(self, question_id: str) -> int:
        return self.order.index(question_id) + 1

    def next_question(self, by_id: Mapping[str, AnyQuestion]) -> tuple[int, AnyQuestion] | None:
        """The first question not answered yet, with its number; None when every question has an answer."""
        answered = {str(e.get("question_id")) for e in self.answers}
        for number, qid in enumerate(self.order, start=1):
            if qid in by_id and qid not in answered:
                return number, by_id[qid]
        return None

    def shown_options(self, question: AnyQuestion) -> list[str]:
        """The options as this attempt shows them."""
        if isinstance(question, TrueFalse):
            return question.choices
        if not isinstance(question, MultipleChoice):
            return []
        permutation = self.options.get(question.id) or list(range(len(question.options)))
        return [question.options[original] for original in permutation]

    def shown_position(self, question: AnyQuestion, original: int) -> int:
        permutation = self.options.get(question.id)
        return permutation.index(original) if permutation and original in permutation else original
