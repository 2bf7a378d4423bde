"""Reading an HR export: tolerant of layout, precise about every row's problems and where they are."""

import pytest

from domain.errors import InvalidInput
from domain.models.enums import Role
from domain.organizations.users_csv import parse_users_csv

HEADER = "employee_id,email,first_name,last_name,department_code,role,phone,position\n"


def test_a_well_formed_export_gives_one_row_per_person() -> None:
    rows, errors = parse_users_csv(
        HEADER
        + "E1,tom.trainee@acme.example,Tom,Trainee,IT,trainee,+1 555 0101,Support Engineer\n"
        + "E2,irene.instructor@acme.example,Irene,Instructor,it,Instructor,,\n"
    )
    assert errors == []
    assert [(r.where, r.employee_id, r.email, r.department_code, r.role) for r in rows] == [
        ("line 2", "E1", "tom.trainee@acme.example", "IT", Role.TRAINEE),
        ("line 3", "E2", "irene.instructor@acme.example", "IT", Role.INSTRUCTOR),
    ]
    assert rows[0].phone == "+1 555 0101"
    assert rows[0].position == "Support Engineer"


def test_column_order_case_spaces_and_a_byte_order_mark_are_tolerated() -> None:
    content = (
        "\ufeff Last_Name , EMAIL ,employee_id, first_name\r\n Trainee ,  Tom.Trainee@ACME.example , E1 , Tom \r\n"
    )
    rows, errors = parse_users_csv(content)
    assert errors == []
    assert len(rows) == 1
    row = rows[0]
    assert (row.employee_id, row.email, row.first_name, row.last_name) == (
        "E1",
        "tom.trainee@acme.example",
        "Tom",
        "Trainee",
    )


def test_empty_optional_fields_are_not_given() -> None:
    rows, _ = parse_users_csv(HEADER + "E1,tom@acme.example,Tom,Trainee,,,,\n")
    assert (rows[0].department_code, rows[0].role, rows[0].phone, rows[0].position) == (None, None, None, None)


def test_only_the_required_columns_are_needed() -> None:
    rows, errors = parse_users_csv("employee_id,email,first_name,last_name\nE1,tom@acme.example,Tom,Trainee\n")
    assert errors == []
    assert rows[0].role is None


def test_each_row_with_problems_is_reported_with_its_line_and_every_reason() -> None:
    content = (
        HEADER
        + "E1,tom@acme.example,Tom,Trainee,IT,,,\n"
        + "E2,not-an-email,Tina,Tech,IT,,,\n"
        + "\n"
        + "E3,hana@acme.example,Hana,,HR,boss,call me,\n"
        + ",hugo@acme.example,Hugo,Hiring,HR,,,\n"
        + "E5,sam@acme.example,Sam,Seller,SALES,,,\n"
    )
    rows, errors = parse_users_csv(content)
    assert [row.employee_id for row in rows] == ["E1", "E5"]
    assert [str(error) for error in errors] == [
        "line 3: email 'not-an-email' is not a valid address",
        "line 5: last_name is missing; role 'boss' is unknown (use admin, instructor or trainee); "
        "phone 'call me' is not a phone number (digits, '+', spaces and dashes; at most 20 characters)",
        "line 6: employee_id is missing",
    ]


def test_a_quoted_value_spanning_lines_keeps_the_following_line_numbers_right() -> None:
    content = HEADER + 'E1,tom@acme.example,Tom,Trainee,IT,,,"Support\nEngineer"\nE2,bad,Tina,Tech,,,,\n'
    rows, errors = parse_users_csv(content)
    assert rows[0].position == "Support\nEngineer"
    assert [str(error) for error in errors] == ["line 4: email 'bad' is not a valid address"]


def test_a_row_with_more_values_than_columns_is_refused() -> None:
    _, errors = parse_users_csv(HEADER + "E1,tom@acme.example,Tom,Trainee,IT,trainee,,,surprise\n")
    assert [str(error) for error in errors] == ["line 2: has 9 values but the header names 8 columns"]


def test_a_row_with_fewer_values_has_its_missing_fields_reported() -> None:
    rows, errors = parse_users_csv(HEADER + "E1,tom@acme.example,Tom\n")
    assert rows == []
    assert [str(error) for error in errors] == ["line 2: last_name is missing"]


def test_values_too_long_for_their_column_are_refused() -> None:
    _, errors = parse_users_csv(HEADER + f"E1,tom@acme.example,{'T' * 101},Trainee,,,,\n")
    assert [str(error) for error in errors] == ["line 2: first_name is longer than 100 characters"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "The file is empty"),
        ("\ufeff\n\n", "The file is empty"),
        ("employee_id,email,first_name\nE1,a@b.io,A\n", "lacks the required columns: last_name"),
        ("employee_id,email,first_name,last_name,emial\n", "columns LearnBot does not know: emial"),
        ("employee_id,email,email,first_name,last_name\n", "more than once: email"),
    ],
)
def test_a_bad_header_refuses_the_whole_file(content: str, expected: str) -> None:
    with pytest.raises(InvalidInput, match=expected):
        parse_users_csv(content)
