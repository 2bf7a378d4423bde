"""The course file (YAML or JSON): its shape, field by field. References between parts are checked in references.py."""

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    JsonValue,
    NonNegativeInt,
    PlainValidator,
    PositiveInt,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from domain.assessments.questions import Question
from domain.assessments.settings import settings_problems
from domain.authoring import texts
from domain.models.enums import AssessmentType, ContentType, DifficultyLevel

CONTENT_TYPES = tuple(ContentType)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
KEY = re.compile(r"[^\W_][\w.-]{0,99}")
COURSE_CODE = re.compile(r"\S{1,100}")
WEB_ADDRESS = TypeAdapter(HttpUrl)


def slug(title: str) -> str:
    """The key a module, content item or assessment gets when the file gives none: its title, simplified."""
    return re.sub(r"\W+", "-", title.lower())[:100].strip("-") or "untitled"


def matching(pattern: re.Pattern[str], reason: str) -> Any:
    def check(value: str) -> str:
        if not pattern.fullmatch(value):
            raise PydanticCustomError("pattern", reason)
        return value

    return AfterValidator(check)


Key = Annotated[str, StringConstraints(strip_whitespace=True), matching(KEY, texts.BAD_KEY)]
CourseCode = Annotated[str, StringConstraints(strip_whitespace=True), matching(COURSE_CODE, texts.BAD_CODE)]


def check_url(value: Any) -> str:
    try:
        WEB_ADDRESS.validate_python(value)
    except ValidationError:
        raise PydanticCustomError("url", texts.BAD_URL) from None
    return str(value)


def check_module_reference(value: Any) -> int | str:
    if (type(value) is int and value > 0) or (isinstance(value, str) and value.strip()):
        return value.strip() if isinstance(value, str) else value
    raise PydanticCustomError("module_reference", texts.BAD_MODULE_REFERENCE)


Url = Annotated[str, PlainValidator(check_url)]
# A module by its position in the file (1 is the first), its key or its title.
ModuleReference = Annotated[int | str, PlainValidator(check_module_reference)]


class Strict(BaseModel):
    # Numbers become text where text is expected: YAML reads `title: 2024` or `key: 1` as numbers.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True, frozen=True)


class Item(Strict):
    key: Key | None = None
    title: Title
    description: Text | None = None
    required: bool = True

    @property
    def identity(self) -> str:
        return self.key or slug(self.title)


class TextItem(Item):
    type: Literal["text"]
    body: Text


class LinkItem(Item):
    type: Literal["link"]
    url: Url
    label: Text | None = None


class VideoItem(Item):
    type: Literal["video"]
    url: Url
    duration_seconds: NonNegativeInt | None = None


class DocumentItem(Item):
    type: Literal["document"]
    url: Url
    file_size_bytes: NonNegativeInt | None = None
    file_name: Text | None = None


class QuizItem(Item):
    type: Literal["quiz"]
    assessment: Key


ContentItem = Annotated[TextItem | LinkItem | VideoItem | DocumentItem | QuizItem, Field(discriminator="type")]


class UnlockCondition(Strict):
    """contracts.md's vocabulary; modules and assessments are named as in the file, not by uuid."""

    previous_module_completed: bool = False
    module_completed: ModuleReference | None = None
    assessment_passed: Key | None = None
    available_from: AwareDatetime | None = None


class ModuleFile(Strict):
    key: Key | None = None
    title: Title
    description: Text | None = None
    estimated_duration_minutes: NonNegativeInt | None = None
    required: bool = True
    unlock_condition: UnlockCondition | None = None
    content: list[ContentItem] = Field(default_factory=list)

    @property
    def identity(self) -> str:
        return self.key or slug(self.title)


class AssessmentFile(Strict):
    key: Key | None = None
    title: Title
    description: Text | None = None
    type: AssessmentType = AssessmentType.QUIZ
    passing_score: Annotated[int, Field(ge=0, le=100)] = 70
    max_attempts: PositiveInt | None = None
    time_limit_minutes: PositiveInt | None = None
    required: bool = True
    settings: dict[str, JsonValue] = Field(default_factory=dict)
    module: ModuleReference | None = None
    questions: Annotated[list[Question], Field(min_length=1)]

    @property
    def identity(self) -> str:
        return self.key or slug(self.title)

    @field_validator("settings")
    @classmethod
    def settings_are_known(cls, settings: dict[str, JsonValue]) -> dict[str, JsonValue]:
        if "key" in settings:
            raise PydanticCustomError("reserved", texts.SETTINGS_KEY_RESERVED)
        problems = settings_problems(settings, prefix=())
        if problems:
            raise PydanticCustomError("settings", "; ".join(str(problem) for problem in problems))
        return settings


class AssignmentFile(Strict):
    title: Title
    description: Text | None = None
    instructions: Text | None = None
    due_date: AwareDatetime | None = None
    max_score: PositiveInt = 100
    required: bool = True
    module: ModuleReference | None = None


class PrerequisiteFile(Strict):
    code: CourseCode
    mandatory: bool = True


def code_as_prerequisite(value: Any) -> Any:
    """`- SEC-100` is short for `- {code: SEC-100}` (mandatory)."""
    return {"code": value} if isinstance(value, str) else value


class CourseFile(Strict):
    code: CourseCode
    title: Title
    description: Text | None = None
    difficulty: DifficultyLevel = DifficultyLevel.BEGINNER
    estimated_duration_hours: NonNegativeInt | None = None
    tags: list[Text] = Field(default_factory=list)
    department: Text | None = None
    instructor: Text
    certified: bool = False
    max_enrollments: PositiveInt | None = None
    is_public: bool = False
    thumbnail_url: Url | None = None
    prerequisites: list[Annotated[PrerequisiteFile, BeforeValidator(code_as_prerequisite)]] = Field(
        default_factory=list
    )
    modules: list[ModuleFile] = Field(default_factory=list)
    assessments: list[AssessmentFile] = Field(default_factory=list)
    assignments: list[AssignmentFile] = Field(default_factory=list)
