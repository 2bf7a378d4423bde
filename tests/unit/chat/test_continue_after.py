"""The Skip button of an optional step: `continue CODE after STEP` moves past that step."""

import uuid

import pytest

from adapters.chat.phrases import full_grammar
from domain.assessments.ids import short_id
from domain.errors import InvalidInput
from domain.learning.commands import ContinueCourse

grammar = full_grammar()


def test_the_skip_button_of_a_step_continues_after_it() -> None:
    step = uuid.uuid4()
    skip = ContinueCourse(course_code="SEED-201", after=step)
    assert grammar.action_of(skip) == f"continue SEED-201 after {step}"
    for line in (grammar.action_of(skip), f"continue SEED-201 after {short_id(step)}"):
        parsed = grammar.parse(line)
        assert parsed is not None
        assert parsed.command == skip


@pytest.mark.parametrize("text", ["continue SEED-201 after", "continue SEED-201 past x", "continue a b c d"])
def test_continue_with_anything_else_after_the_code_answers_with_the_usage(text: str) -> None:
    with pytest.raises(InvalidInput):
        grammar.parse(text)
