"""Commands that take an id only a button knows: wrong words get how to do it instead of a usage naming an ID."""

import pytest

from adapters.chat.grammar import Grammar
from adapters.chat.phrases import full_grammar
from domain.errors import InvalidInput

HIDDEN = {"ID", "ATTEMPT", "SUBMISSION", "ASSIGNMENT"}


def test_every_phrase_whose_usage_names_a_hidden_id_explains_itself() -> None:
    unexplained = [
        phrase.usage for phrase in full_grammar() if HIDDEN & set(phrase.usage.split()) and phrase.explain is None
    ]
    assert unexplained == []


@pytest.mark.parametrize(
    ("line", "how"),
    [
        ("withdraw 123", "press *Withdraw*"),
        ("withdraw %%%%", "press *Withdraw*"),
        ("withdraw", "press *Withdraw*"),
        ("reply 12 thanks", "press *Reply*"),
        ("archive __", "press *Archive*"),
        ("retake the quiz", "*Take it again*"),
        ("submit x", "answer its last question"),
        ("answer 1 2", "pressing one of its options"),
        ("handin 123 my work", "*assignment NAME*"),
        ("done 123", "Type *done* on its own"),
        ("draft 12", "type *announce*"),
    ],
)
def test_wrong_words_for_a_button_command_say_how_to_do_it(line: str, how: str) -> None:
    grammar: Grammar = full_grammar()
    with pytest.raises(InvalidInput) as refused:
        grammar.parse(line)
    assert how in str(refused.value)
    assert "Usage" not in str(refused.value)
