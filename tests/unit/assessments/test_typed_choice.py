from domain.assessments.typed_choice import typed_position

OPTIONS = ["Sticky notes", "A password manager", "A spreadsheet", "Résumé folder"]


def test_a_typed_number_picks_the_option_shown_at_that_place() -> None:
    assert typed_position("2", OPTIONS) == 1
    assert typed_position(" 4. ", OPTIONS) == 3


def test_a_number_outside_the_options_picks_nothing() -> None:
    assert typed_position("0", OPTIONS) is None
    assert typed_position("9", OPTIONS) is None


def test_the_option_words_match_ignoring_case_accents_and_spacing() -> None:
    assert typed_position("sticky   NOTES", OPTIONS) == 0
    assert typed_position("resume folder", OPTIONS) == 3


def test_the_start_of_exactly_one_option_picks_it_and_an_ambiguous_start_picks_nothing() -> None:
    assert typed_position("a pass", OPTIONS) == 1
    assert typed_position("a ", OPTIONS) is None
    assert typed_position("qwxz", OPTIONS) is None


def test_true_or_false_also_takes_yes_and_no() -> None:
    assert typed_position("yes", ["True", "False"], true_false=True) == 0
    assert typed_position("No", ["True", "False"], true_false=True) == 1
    assert typed_position("f", ["True", "False"], true_false=True) == 1
