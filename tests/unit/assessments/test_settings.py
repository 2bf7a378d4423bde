"""Assessment settings are validated, with each problem named by its path."""

import pytest

from domain.assessments.settings import AssessmentSettings, parse_settings, settings_problems
from domain.errors import InvalidInput


def test_defaults_give_feedback_after_each_answer_and_correct_answers_after_submission() -> None:
    settings = parse_settings({})
    assert settings == AssessmentSettings()
    assert settings.feedback_after_each
    assert settings.reveals_correct_answers
    assert not settings.shuffle_questions


def test_valid_settings_including_the_importers_key_have_no_problems() -> None:
    valid = {
        "key": "final-quiz",
        "shuffle_questions": True,
        "shuffle_options": False,
        "show_explanation": "at_end",
        "show_correct_answers": "never",
    }
    assert settings_problems(valid) == []
    assert settings_problems(None) == []


def test_unknown_keys_and_values_are_problems_with_their_paths() -> None:
    problems = [
        str(p)
        for p in settings_problems({"shuffle": True, "show_explanation": "later"}, ("assessments", 0, "settings"))
    ]
    assert "assessments[0].settings.shuffle: unknown field" in problems
    assert any(p.startswith("assessments[0].settings.show_explanation: unknown 'later'") for p in problems)
    assert len(problems) == 2


def test_a_non_boolean_shuffle_is_a_problem() -> None:
    [problem] = settings_problems({"shuffle_options": "yes"})
    assert problem.path == "settings.shuffle_options"


def test_parsing_invalid_settings_is_a_friendly_error() -> None:
    with pytest.raises(InvalidInput, match=r"settings\.show_correct_answers"):
        parse_settings({"show_correct_answers": "sometimes"})
