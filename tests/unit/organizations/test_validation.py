"""Slugs, department codes, email addresses, phone numbers and usernames: what is accepted, and how it is stored."""

import pytest

from domain.models.enums import Role
from domain.organizations.validation import (
    check_department_code,
    check_email,
    check_phone,
    check_role,
    check_slug,
    unique_username,
    username_base,
)


@pytest.mark.parametrize("slug", ["acme", "acme-corp", "a1", "2024-cohort", "x" * 63])
def test_url_friendly_slugs_are_accepted(slug: str) -> None:
    assert check_slug(slug) == slug


@pytest.mark.parametrize(
    "slug", ["", "Acme", "acme corp", "acme_corp", "-acme", "acme-", "acme--corp", "ac/me", "ácme", "x" * 64]
)
def test_slugs_that_do_not_fit_in_a_url_are_refused(slug: str) -> None:
    assert check_slug(slug) is None


def test_a_slug_is_taken_without_surrounding_spaces() -> None:
    assert check_slug("  acme ") == "acme"


def test_department_codes_are_compared_in_upper_case() -> None:
    assert check_department_code(" it ") == "IT"
    assert check_department_code("sales-eu") == "SALES-EU"


@pytest.mark.parametrize("code", ["", "I T", "-IT", "IT!", "X" * 51])
def test_malformed_department_codes_are_refused(code: str) -> None:
    assert check_department_code(code) is None


def test_emails_are_stripped_and_lowercased() -> None:
    assert check_email("  Ada.Admin@ACME.Example ") == "ada.admin@acme.example"


@pytest.mark.parametrize("email", ["tom+learn@acme.example", "o'brien@mail.acme.co.uk", "a@b.io"])
def test_ordinary_email_addresses_are_accepted(email: str) -> None:
    assert check_email(email) == email


@pytest.mark.parametrize(
    "email",
    [
        "",
        "tom",
        "tom@",
        "@acme.example",
        "tom@acme",
        "tom@@acme.example",
        "tom trainee@acme.example",
        "tom..trainee@acme.example",
        ".tom@acme.example",
        "tom@-acme.example",
        "tom@acme.example.",
        "tom@acme.c0m",
        "t" * 65 + "@acme.example",
        "tom@" + "a" * 250 + ".example",
    ],
)
def test_malformed_email_addresses_are_refused(email: str) -> None:
    assert check_email(email) is None


@pytest.mark.parametrize("phone", ["+1 555 0100", "030-1234567", "5550100", " +49 30 1234 5678 "])
def test_phone_numbers_of_digits_plus_spaces_and_dashes_are_accepted(phone: str) -> None:
    assert check_phone(phone) == phone.strip()


@pytest.mark.parametrize("phone", ["", "call me", "555-CALL", "(555) 0100", "1+555", "+", "1" * 21, "--"])
def test_anything_else_is_not_a_phone_number(phone: str) -> None:
    assert check_phone(phone) is None


def test_roles_are_read_in_any_case() -> None:
    assert check_role(" Instructor ") is Role.INSTRUCTOR
    assert check_role("manager") is None


def test_a_username_is_the_emails_local_part_made_safe() -> None:
    assert username_base("tom.trainee@acme.example") == "tom.trainee"
    assert username_base("o'brien+learn@acme.example") == "obrienlearn"
    assert username_base("___@acme.example") == "user"
    assert len(username_base("x" * 64 + "@acme.example")) <= 90


def test_a_taken_username_gets_the_first_free_number() -> None:
    assert unique_username("tom", set()) == "tom"
    assert unique_username("tom", {"tom", "tom-2"}) == "tom-3"
