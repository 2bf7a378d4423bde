"""The course file without a database: every problem reported with its path, references checked inside the file."""

import copy
from pathlib import Path
from typing import Any

import pytest

from domain.authoring.fileformat import parse_document
from domain.authoring.schema import CourseFile, ModuleFile
from domain.authoring.validation import shape_problems

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "courses" / "information-security-basics.yaml"
MINIMAL = {"code": "C-1", "title": "A course", "instructor": "i@example.com"}


def sample() -> dict[str, Any]:
    return copy.deepcopy(parse_document(SAMPLE.read_text(encoding="utf-8"), SAMPLE.name))


def problems(document: Any) -> list[str]:
    return [str(problem) for problem in shape_problems(document)[1]]


def module(title: str, *content: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"title": title, "content": list(content), **fields}


def text(title: str, **fields: Any) -> dict[str, Any]:
    return {"type": "text", "title": title, "body": "Some text.", **fields}


def test_the_sample_course_has_no_problems_and_uses_every_content_and_question_type() -> None:
    course_file, found = shape_problems(sample())

    assert found == []
    assert course_file is not None
    assert [m.identity for m in course_file.modules] == ["passwords", "phishing", "data-handling"]
    assert {item.type for m in course_file.modules for item in m.content} == {
        "text",
        "link",
        "video",
        "document",
        "quiz",
    }
    assert {q.type for q in course_file.assessments[0].questions} == {
        "multiple_choice",
        "true_false",
        "short_answer",
        "essay",
    }
    assert len(course_file.assignments) == 1


def test_a_minimal_course_takes_the_defaults() -> None:
    course_file = CourseFile.model_validate(MINIMAL)

    assert (course_file.difficulty, course_file.is_public, course_file.certified) == ("beginner", False, False)
    assert (course_file.modules, course_file.prerequisites) == ([], [])


def test_a_missing_key_comes_from_the_title_in_any_language() -> None:
    assert ModuleFile.model_validate({"title": "Passwords & MFA: the basics"}).identity == "passwords-mfa-the-basics"
    assert ModuleFile.model_validate({"title": "Модуль 1: Введение"}).identity == "модуль-1-введение"
    assert ModuleFile.model_validate({"title": "???"}).identity == "untitled"
    assert ModuleFile.model_validate({"title": "Anything", "key": "mine"}).identity == "mine"


def test_an_unknown_content_type_is_reported_at_its_path() -> None:
    document = MINIMAL | {"modules": [module("A"), module("B"), module("C", {"type": "vid", "title": "Intro"})]}

    assert problems(document) == [
        "modules[2].content[0].type: unknown 'vid' (expected one of: text, link, video, document, quiz)"
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"code": None}, "code: input should be a valid string"),
        ({"code": "two words"}, "code: a course code is 1 to 100 characters without spaces"),
        ({"titel": "typo"}, "titel: unknown field"),
        ({"title": "x" * 256}, "title: string should have at most 255 characters"),
        (
            {"difficulty": "expert"},
            "difficulty: unknown 'expert' (expected one of: beginner, intermediate or advanced)",
        ),
        ({"max_enrollments": 0}, "max_enrollments: input should be greater than 0"),
        ({"estimated_duration_hours": -1}, "estimated_duration_hours: input should be greater than or equal to 0"),
        ({"tags": "security"}, "tags: input should be a valid list"),
        ({"thumbnail_url": "ftp://x"}, "thumbnail_url: not a web address (expected https://...)"),
        ({"prerequisites": [{"mandatory": True}]}, "prerequisites[0].code: required"),
    ],
)
def test_each_bad_course_field_is_reported_by_path(change: dict[str, Any], problem: str) -> None:
    assert problems(MINIMAL | change) == [problem]


def test_missing_course_fields_are_all_reported() -> None:
    assert problems({"modules": []}) == ["code: required", "title: required", "instructor: required"]


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ({"type": "link", "title": "L", "url": "not a url"}, "url: not a web address (expected https://...)"),
        ({"type": "video", "title": "V"}, "url: required"),
        (
            {"type": "video", "title": "V", "url": "https://example.com/v", "duration_seconds": -5},
            "duration_seconds: input should be greater than or equal to 0",
        ),
        ({"type": "document", "title": "D", "url": "https://example.com/d", "pages": 3}, "pages: unknown field"),
        ({"type": "text", "title": "T"}, "body: required"),
        ({"type": "text", "body": "B"}, "title: required"),
        (
            {"type": "text", "title": "T", "body": "B", "key": "has space"},
            "key: a key is up to 100 letters, digits, '_', '.' or '-', starting with a letter or digit",
        ),
    ],
)
def test_each_bad_content_item_is_reported_by_path(item: dict[str, Any], problem: str) -> None:
    assert problems(MINIMAL | {"modules": [module("A", text("Fine"), item)]}) == [f"modules[0].content[1].{problem}"]


def test_references_are_checked_even_when_other_parts_are_malformed() -> None:
    document = MINIMAL | {
        "modules": [
            module("A", text("T", body=None), {"type": "quiz", "title": "Q", "assessment": "nope"}),
            module("B", unlock_condition={"assessment_passed": "missing", "module_completed": 9}),
        ]
    }

    assert problems(document) == [
        "modules[0].content[0].body: input should be a valid string",
        "modules[0].content[1].assessment: no assessment has the key 'nope'",
        "modules[1].unlock_condition.module_completed: no module is '9' (use a module's number, key or title)",
        "modules[1].unlock_condition.assessment_passed: no assessment has the key 'missing'",
    ]


def test_unlock_conditions_use_the_contract_vocabulary() -> None:
    document = MINIMAL | {
        "modules": [
            module("A", unlock_condition={"previous_module_completed": True, "when": "later"}),
            module("B", unlock_condition={"available_from": "2025-03-01T09:00:00"}),
            module("C", unlock_condition={"module_completed": ["A"]}),
        ]
    }

    assert problems(document) == [
        "modules[0].unlock_condition.when: unknown field",
        "modules[1].unlock_condition.available_from: input should have timezone info",
        "modules[2].unlock_condition.module_completed: expected a module's number (1 is the first), key or title",
        "modules[0].unlock_condition.previous_module_completed: the first module has no previous module",
    ]


def test_a_module_named_by_an_ambiguous_title_must_be_named_by_key() -> None:
    document = MINIMAL | {
        "modules": [
            module("Intro", key="a"),
            module("Intro", key="b"),
            module("C", unlock_condition={"module_completed": "Intro"}),
        ]
    }

    assert problems(document) == [
        "modules[2].unlock_condition.module_completed: 'Intro' matches 2 modules by title; use the module's key"
    ]


def test_repeated_keys_and_assignment_titles_are_reported() -> None:
    document = MINIMAL | {
        "modules": [module("Intro", text("Same"), text("Same")), module("Intro")],
        "assignments": [{"title": "Essay"}, {"title": "Essay"}],
    }

    assert problems(document) == [
        "modules[1].key: 'intro' is also the key of modules[0]; keys must be unique "
        "(without a key, the title gives one)",
        "modules[0].content[1].key: 'same' is also the key of modules[0].content[0]; keys must be unique "
        "(without a key, the title gives one)",
        "assignments[1].title: 'Essay' is also the title of assignments[0]; assignments are matched by title, "
        "so titles must differ",
    ]


def test_modules_waiting_for_each_other_in_a_circle_are_reported() -> None:
    quiz = {"type": "quiz", "title": "Q", "assessment": "final"}
    assessment = {"key": "final", "title": "Final", "questions": [{"id": "q", "type": "essay", "question": "?"}]}
    document = MINIMAL | {
        "modules": [
            module("A", unlock_condition={"module_completed": 2}),
            module("B", unlock_condition={"previous_module_completed": True}),
            module("C", quiz, unlock_condition={"assessment_passed": "final"}),
        ],
        "assessments": [assessment],
    }

    assert problems(document) == [
        "modules[0].unlock_condition: can never be met: modules[0] -> modules[1] -> modules[0] wait for each other",
        "modules[2].unlock_condition: can never be met: the module waits for itself "
        "(or for an assessment taken inside it)",
    ]


def test_assessment_problems_include_their_questions() -> None:
    document = sample()
    assessment = document["assessments"][0]
    assessment["settings"] = {"key": "mine", "shuffle": True}
    assessment["passing_score"] = 120
    assessment["questions"][1]["id"] = "q1"
    assessment["questions"][2]["correct_answer"] = 3

    assert problems(document) == [
        "assessments[0].passing_score: input should be less than or equal to 100",
        "assessments[0].settings: 'key' is reserved here: give the assessment's key as its own `key` field",
        "assessments[0].questions[2].correct_answer: 3 is not an option index (0 to 2)",
        "assessments[0].questions[1].id: 'q1' is already the id of an earlier question; ids must be unique",
    ]


def test_a_course_cannot_require_itself_or_list_a_prerequisite_twice() -> None:
    document = MINIMAL | {"prerequisites": ["C-1", "B-1", {"code": "B-1", "mandatory": False}]}

    assert problems(document) == [
        "prerequisites[0]: a course cannot be its own prerequisite",
        "prerequisites[2].code: 'B-1' is listed twice",
    ]


@pytest.mark.parametrize("document", [None, [], "SEC-101", 3])
def test_a_document_that_is_not_a_mapping_is_one_problem(document: Any) -> None:
    assert problems(document) == ["the file must hold a course: fields such as code, title, instructor and modules"]


def test_numbers_written_where_text_is_expected_are_read_as_text() -> None:
    question = {"id": 1, "type": "multiple_choice", "question": "2 + 2?", "options": [3, 4], "correct_answer": 1}
    document = MINIMAL | {
        "title": 2024,
        "modules": [module("One", text("Two", key=3))],
        "assessments": [{"title": "Sums", "questions": [question]}],
    }

    course_file, found = shape_problems(document)

    assert found == []
    assert course_file is not None
    assert (course_file.title, course_file.modules[0].content[0].identity) == ("2024", "3")
    assert course_file.assessments[0].questions[0].model_dump(include={"id", "options"}) == {
        "id": "1",
        "options": ["3", "4"],
    }


def test_assessment_settings_must_be_plain_json_values() -> None:
    document = sample()
    document["assessments"][0]["settings"] = parse_document("shuffle: true\nopens: 2025-01-01\n", "s.yaml")

    assert problems(document) == ["assessments[0].settings.opens: input was not a valid JSON value"]


def test_unknown_assessment_settings_and_values_are_reported() -> None:
    document = sample()
    document["assessments"][0]["settings"] = {"shufle_questions": True, "show_explanation": "sometimes"}

    assert problems(document) == [
        "assessments[0].settings: show_explanation: unknown 'sometimes' (expected one of: after_each or at_end); "
        "shufle_questions: unknown field"
    ]
