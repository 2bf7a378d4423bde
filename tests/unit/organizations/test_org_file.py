"""The organization file: the sample reads as intended, and every problem is named by its path."""

import re
from pathlib import Path

import pytest

from domain.errors import InvalidInput
from domain.models.enums import Role
from domain.organizations.org_file import parse_organization_file

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "organizations" / "acme.yaml"

MINIMAL = """
organization: {name: Globex, slug: globex}
departments:
  - {code: it, name: IT}
users:
  - {employee_id: 1001, email: Gina@Globex.example, first_name: Gina, last_name: Global, department: it}
"""


def test_the_sample_organization_has_what_the_sample_course_relies_on() -> None:
    plan = parse_organization_file(SAMPLE.read_text(encoding="utf-8"))
    assert (plan.organization.name, plan.organization.slug) == ("Acme Corporation", "acme")
    assert {"IT", "HR", "SALES"} <= {department.code for department in plan.departments}
    people = {row.email: row for row in plan.users}
    assert people["ada.admin@acme.example"].role is Role.ADMIN
    irene = people["irene.instructor@acme.example"]
    assert (irene.role, irene.department_code) == (Role.INSTRUCTOR, "IT")
    assert people["tom.trainee@acme.example"].department_code == "IT"
    assert people["hana.hr@acme.example"].department_code == "HR"
    assert {row.department_code for row in plan.users if row.role is Role.TRAINEE} >= {"IT", "HR", "SALES"}


def test_numbers_in_the_file_are_read_as_text_and_emails_normalized() -> None:
    plan = parse_organization_file(MINIMAL)
    [gina] = plan.users
    assert (gina.employee_id, gina.email, gina.department_code, gina.where) == (
        "1001",
        "gina@globex.example",
        "IT",
        "users[0]",
    )


def test_every_problem_is_listed_by_its_path() -> None:
    content = """
organization: {name: Globex, slug: Globex Corp, colour: blue}
departments:
  - {code: IT, name: IT, manager: nobody}
  - {code: it, name: Again}
users:
  - {employee_id: G1, email: not-an-email, first_name: Gina, last_name: Global, role: boss}
  - {employee_id: G2, first_name: Gus, last_name: Global}
"""
    with pytest.raises(InvalidInput) as raised:
        parse_organization_file(content)
    message = raised.value.message
    assert "organization.colour: not a known field" in message
    assert "users[1].email: Field required" in message


def test_problems_the_schema_does_not_catch_are_listed_by_path_too() -> None:
    content = """
organization: {name: Globex, slug: Globex Corp}
departments:
  - {code: IT, name: IT, manager: nobody}
  - {code: it, name: Again}
users:
  - {employee_id: G1, email: not-an-email, first_name: Gina, last_name: Global, role: boss}
"""
    with pytest.raises(InvalidInput) as raised:
        parse_organization_file(content)
    message = raised.value.message
    assert "organization.slug: slug 'Globex Corp' is not URL-friendly" in message
    assert "departments[0].manager: email 'nobody' is not a valid address" in message
    assert "departments[1].code: department 'IT' is already listed at departments[0]" in message
    assert "users[0]: email 'not-an-email' is not a valid address; role 'boss' is unknown" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("organization:\n  name: A\n   slug: a\n", "not valid YAML (near line 3)"),
        ("", "organization: Field required"),
        ("- a list", "Input should be a valid dictionary"),
    ],
)
def test_a_file_that_is_not_an_organization_is_refused(content: str, expected: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(expected)):
        parse_organization_file(content)
