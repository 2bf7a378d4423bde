"""Course files as text: YAML or JSON in, readable YAML out, one clear line when unreadable."""

import pytest

from domain.authoring.fileformat import parse_document, to_yaml
from domain.errors import InvalidInput


def test_yaml_and_json_files_give_the_same_document() -> None:
    as_yaml = parse_document("code: SEC-101\ntags: [a, b]\n", "course.yaml")
    as_json = parse_document('{"code": "SEC-101", "tags": ["a", "b"]}', "course.JSON")

    assert as_yaml == as_json == {"code": "SEC-101", "tags": ["a", "b"]}


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        (
            "title: [open\n",
            "c.yaml",
            "c.yaml is not valid YAML (line 2, column 1): expected ',' or ']', but got '<stream end>'",
        ),
        ("a: b: c\n", "c.yml", "c.yml is not valid YAML (line 1, column 5): mapping values are not allowed here"),
        (
            "title: A\ntitle: B\n",
            "c.yaml",
            "c.yaml is not valid YAML (line 2, column 1): 'title' appears twice in the same mapping",
        ),
        ('{"code": }', "c.json", "c.json is not valid JSON (line 1, column 10): Expecting value"),
    ],
)
def test_an_unreadable_file_is_one_line_with_where_and_why(text: str, name: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_document(text, name)

    assert refused.value.message == message


def test_yaml_is_written_in_field_order_with_multiline_text_as_a_block() -> None:
    document = {"title": "Zed", "body": "First line.\nSecond line.", "code": "A-1", "when": "2025-01-01T00:00:00+00:00"}

    written = to_yaml(document)

    assert written == (
        "title: Zed\nbody: |-\n  First line.\n  Second line.\ncode: A-1\nwhen: '2025-01-01T00:00:00+00:00'\n"
    )
    assert parse_document(written, "again.yaml") == document
