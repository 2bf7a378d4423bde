"""How an assessment is taken (assessments.settings), validated with pydantic.

{"shuffle_questions": false, "shuffle_options": false,
 "show_explanation": "after_each" | "at_end", "show_correct_answers": "after_submit" | "never"}

"key" is the authoring importer's stable identity of the assessment (see notes/contracts.md); it is
kept as it is. Any other key, or a value outside these, is rejected with its path and reason.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, StrictBool, ValidationError

from domain.assessments.texts import INVALID_SETTINGS
from domain.authoring.problems import Location, Problem, problems_from
from domain.errors import InvalidInput


class AssessmentSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str | None = None
    shuffle_questions: StrictBool = False
    shuffle_options: StrictBool = False
    show_explanation: Literal["after_each", "at_end"] = "after_each"
    show_correct_answers: Literal["after_submit", "never"] = "after_submit"

    @property
    def feedback_after_each(self) -> bool:
        return self.show_explanation == "after_each"

    @property
    def reveals_correct_answers(self) -> bool:
        return self.show_correct_answers == "after_submit"


def settings_problems(data: Any, prefix: Location = ("settings",)) -> list[Problem]:
    """Every problem of an assessments.settings value, by path (for the course importer); empty when valid."""
    if data is None:
        return []
    try:
        AssessmentSettings.model_validate(data)
    except ValidationError as error:
        return problems_from(error, prefix=prefix)
    return []


def parse_settings(data: Any) -> AssessmentSettings:
    """The settings, or InvalidInput listing what is wrong with them."""
    try:
        return AssessmentSettings.model_validate(data or {})
    except ValidationError as error:
        problems = "; ".join(map(str, problems_from(error, prefix=("settings",))))
        raise InvalidInput(INVALID_SETTINGS.format(problems=problems)) from None
