"""Chat words for an organization's admins: people's roles and accounts, departments."""

from collections.abc import Mapping
from typing import Any

from adapters.chat.grammar import Audience, Grammar, Phrase, Words, Writes
from domain.messagebus import Command
from domain.organizations.commands import (
    AddUser,
    DeactivateUser,
    ReactivateUser,
    SaveDepartment,
    SetUserRole,
    UpdateUser,
)


def add_person(words: Words) -> Command:
    """adduser EMPLOYEE_ID EMAIL FIRST LAST [ROLE] [DEPARTMENT]"""
    tokens = words.tokens
    if not 4 <= len(tokens) <= 6:
        words.fail()
    employee_id, email, first, last, *rest = tokens
    role = rest[0] if rest else None
    department = rest[1] if len(rest) > 1 else None
    return words.make(
        AddUser,
        employee_id=employee_id,
        email=email,
        first_name=first,
        last_name=last,
        role=role,
        department_code=department,
    )


YES = {"yes", "y", "ok"}
KEEP = "-"
UPDATE_REPLY_HINT = "Reply *yes* to update them, or type any command (e.g. *help*) to leave them as they are."


def update_person(words: Words) -> Command:
    """updateuser EMPLOYEE_ID EMAIL FIRST LAST [ROLE|-] [DEPARTMENT|-] [yes]: the reply to adduser's offer ends in
    yes; a - keeps the role (or has no department)."""
    tokens = words.tokens
    if len(tokens) == 7:
        if tokens[-1].casefold() not in YES:
            words.fail()
        tokens = tokens[:-1]
    if not 4 <= len(tokens) <= 6:
        words.fail()
    employee_id, email, first, last, *rest = tokens
    role, department = (value if value != KEEP else None for value in [*rest, KEEP, KEEP][:2])
    return words.make(
        UpdateUser,
        employee_id=employee_id,
        email=email,
        first_name=first,
        last_name=last,
        role=role,
        department_code=department,
    )


def update_words(values: Mapping[str, Any]) -> list[Any]:
    """The details of adduser's offer to update someone, every place written (a - for none)."""
    names = ("employee_id", "email", "first_name", "last_name", "role", "department_code")
    return [values.get(name) or KEEP for name in names]


def role(words: Words) -> Command:
    email, name = words.exactly(2)
    return words.make(SetUserRole, email=email, role=name)


def deactivate(words: Words) -> Command:
    return words.make(DeactivateUser, email=words.exactly(1)[0])


def reactivate(words: Words) -> Command:
    return words.make(ReactivateUser, email=words.exactly(1)[0])


def department(words: Words) -> Command:
    """department CODE NAME..."""
    tokens = words.tokens
    if len(tokens) < 2:
        words.fail()
    return words.make(SaveDepartment, code=tokens[0], name=words.rest_after(1))


def register(grammar: Grammar) -> None:
    admin = Audience.ADMIN
    add = grammar.add
    add(
        Phrase(
            ("adduser",),
            AddUser,
            add_person,
            "adduser EMPLOYEE_ID EMAIL FIRST LAST [ROLE] [DEPARTMENT]",
            "add a person",
            admin,
            example="adduser E-77 kim@acme.example Kim Lee trainee IT",
        )
    )
    add(
        Phrase(
            ("updateuser",),
            UpdateUser,
            update_person,
            "updateuser EMPLOYEE_ID EMAIL FIRST LAST [ROLE] [DEPARTMENT]",
            "change a person's details",
            admin,
            example="updateuser E-77 kim@acme.example Kim Lee-Park trainee IT",
            reply_hint=UPDATE_REPLY_HINT,
            writes=(Writes(UpdateUser, write=update_words),),
        )
    )
    add(Phrase(("role",), SetUserRole, role, "role EMAIL ROLE", "make someone admin, instructor or trainee", admin))
    add(Phrase(("deactivate",), DeactivateUser, deactivate, "deactivate EMAIL", "stop someone using LearnBot", admin))
    add(Phrase(("reactivate",), ReactivateUser, reactivate, "reactivate EMAIL", "let them back in", admin))
    add(
        Phrase(
            ("department",),
            SaveDepartment,
            department,
            "department CODE NAME",
            "add or rename a department",
            admin,
            example="department OPS Operations",
        )
    )
