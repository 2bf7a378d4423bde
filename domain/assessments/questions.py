"""The questions of an assessment (assessments.questions JSONB, the seed's structure), validated.

{"questions": [{"id": "q1", "type": "multiple_choice", "question": "...", "options": ["...", "..."],
                "correct_answer": 1, "points": 1, "explanation": "..."}]}

- multiple_choice: two or more options; correct_answer is the index of the right option.
- true_false: the options are implicitly ["True", "False"]; correct_answer is a boolean.
- short_answer: correct_answer lists the accepted answers (a single string is taken as a list of one).
- essay: no correct answer; graded by a person.
"""

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_serializer,
    field_validator,
)
from pydantic_core import PydanticCustomError

from domain.authoring.problems import Location, Problem, format_path, problems_from

QUESTION_TYPES = ("multiple_choice", "true_false", "short_answer", "essay")
TRUE_FALSE_OPTIONS = ("True", "False")

DUPLICATE_ID = "'{id}' is already the id of an earlier question; ids must be unique"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def as_list(value: Any) -> Any:
    return value if isinstance(value, list) else [value]


class QuestionBase(BaseModel):
    # Numbers become text where text is expected: YAML reads `options: [3, 4]` or `id: 1` as numbers.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True, frozen=True)

    id: Annotated[str, Field(min_length=1, max_length=100)]
    question: Text
    points: float = Field(default=1, gt=0, allow_inf_nan=False)
    explanation: Text | None = None

    @field_serializer("points")
    def whole_points_as_int(self, points: float) -> float | int:
        return int(points) if float(points).is_integer() else points


class MultipleChoice(QuestionBase):
    type: Literal["multiple_choice"]
    options: Annotated[list[Text], Field(min_length=2)]
    correct_answer: StrictInt

    @field_validator("correct_answer")
    @classmethod
    def correct_option_exists(cls, answer: int, info: ValidationInfo) -> int:
        options = info.data.get("options")
        if options is not None and not 0 <= answer < len(options):
            raise PydanticCustomError(
                "correct_option",
                "{answer} is not an option index (0 to {last})",
                {"answer": answer, "last": len(options) - 1},
            )
        return answer

    @property
    def choices(self) -> list[str]:
        return list(self.options)


class TrueFalse(QuestionBase):
    type: Literal["true_false"]
    correct_answer: StrictBool

    @property
    def choices(self) -> list[str]:
        return list(TRUE_FALSE_OPTIONS)


class ShortAnswer(QuestionBase):
    type: Literal["short_answer"]
    correct_answer: Annotated[list[Text], Field(min_length=1), BeforeValidator(as_list)]


class Essay(QuestionBase):
    type: Literal["essay"]
    correct_answer: None = None


AnyQuestion = MultipleChoice | TrueFalse | ShortAnswer | Essay
Question = Annotated[AnyQuestion, Field(discriminator="type")]


def duplicate_question_ids(questions: Sequence[Any]) -> list[tuple[int, str]]:
    """(index, id) of every question whose id an earlier question already has; works on raw dicts too."""
    seen: set[str] = set()
    duplicates = []
    for index, question in enumerate(questions):
        if isinstance(question, dict) and isinstance(question.get("id"), str | int):
            question_id = str(question["id"])
            if question_id in seen:
                duplicates.append((index, question_id))
            seen.add(question_id)
    return duplicates


def duplicate_id_problems(questions: Any, prefix: Location = ("questions",)) -> list[Problem]:
    """A problem for each question reusing an earlier question's id (looked up on the raw list)."""
    if not isinstance(questions, list):
        return []
    return [
        Problem(format_path([*prefix, index, "id"]), DUPLICATE_ID.format(id=question_id))
        for index, question_id in duplicate_question_ids(questions)
    ]


class QuestionList(BaseModel):
    """The shape of assessments.questions, question by question."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    questions: Annotated[list[Question], Field(min_length=1)]

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class QuestionSet(QuestionList):
    """The whole assessments.questions value, its question ids unique."""

    @field_validator("questions")
    @classmethod
    def ids_are_unique(cls, questions: list[AnyQuestion]) -> list[AnyQuestion]:
        for index, question_id in duplicate_question_ids([{"id": q.id} for q in questions]):
            raise PydanticCustomError(
                "duplicate_id",
                "questions[{index}] reuses the id '{id}'; ids must be unique",
                {"index": index, "id": question_id},
            )
        return questions


def question_problems(data: Any) -> list[Problem]:
    """Every problem of an assessments.questions value, by path; empty when it is valid."""
    problems: list[Problem] = []
    try:
        QuestionList.model_validate(data)
    except ValidationError as error:
        problems = problems_from(error, tags=QUESTION_TYPES)
    return problems + duplicate_id_problems(data.get("questions") if isinstance(data, dict) else None)
