"""Chat words for the learning path: catalog, enrolling, stepping through content, my learning, assigning."""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from adapters.chat.grammar import Audience, Grammar, Phrase, Words, Writes
from domain.learning.commands import (
    AssignCourse,
    BrowseCatalog,
    CompleteItem,
    ContinueCourse,
    DropCourse,
    Enroll,
    ShowMyLearning,
)
from domain.messagebus import Command

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def courses(words: Words) -> Command:
    tag = words.at_most(1)
    return words.make(BrowseCatalog, tag=tag[0] if tag else None)


def enroll(words: Words) -> Command:
    return words.make(Enroll, course_code=words.exactly(1)[0])


def drop(words: Words) -> Command:
    return words.make(DropCourse, course_code=words.exactly(1)[0])


def next_item(words: Words) -> Command:
    """continue [CODE [after STEP]]"""
    tokens = words.tokens
    if len(tokens) == 3 and tokens[1].lower() == "after":
        return words.make(ContinueCourse, course_code=tokens[0], after=tokens[2])
    code = words.at_most(1)
    return words.make(ContinueCourse, course_code=code[0] if code else None)


def continue_words(values: Mapping[str, Any]) -> list[Any]:
    """continue [CODE [after STEP]]: Skip past an optional step writes the step after the code."""
    code, after = values.get("course_code"), values.get("after")
    return [code, "after", after] if code and after else [code] if code else []


DONE_ON_ITS_OWN = "Type *done* on its own: it marks the item you are on as done (or press *Done* under the item)."


def done(words: Words) -> Command:
    item = words.at_most(1)
    return words.make(CompleteItem, content_id=item[0] if item else None)


def my_learning(words: Words) -> Command:
    words.none()
    return ShowMyLearning()


def assign(words: Words) -> Command:
    """assign CODE EMAIL|DEPARTMENT [YYYY-MM-DD]"""
    tokens = words.tokens
    if len(tokens) not in (2, 3) or (len(tokens) == 3 and not DATE.fullmatch(tokens[2])):
        words.fail()
    code, audience = tokens[0], tokens[1]
    try:
        due = date.fromisoformat(tokens[2]) if len(tokens) == 3 else None
    except ValueError:
        words.fail()
    if "@" in audience:
        return words.make(AssignCourse, course_code=code, email=audience, due_date=due)
    return words.make(AssignCourse, course_code=code, department_code=audience, due_date=due)


def register(grammar: Grammar) -> None:
    add = grammar.add
    add(
        Phrase(
            ("courses", "catalog"),
            BrowseCatalog,
            courses,
            "courses [TAG]",
            "browse the course catalog",
            arguments=("tag",),
        )
    )
    add(
        Phrase(
            ("enroll",),
            Enroll,
            enroll,
            "enroll CODE",
            "enroll in a course",
            example="enroll SEC-101",
            arguments=("course_code",),
        )
    )
    add(Phrase(("my",), ShowMyLearning, my_learning, "my", "my courses and progress", arguments=()))
    add(
        Phrase(
            ("continue", "next"),
            ContinueCourse,
            next_item,
            "continue [CODE]",
            "open the next item (also: next)",
            writes=(Writes(ContinueCourse, write=continue_words),),
        )
    )
    add(
        Phrase(
            ("done",),
            CompleteItem,
            done,
            "done",
            "mark the item you are on as done",
            arguments=("content_id",),
            explain=DONE_ON_ITS_OWN,
        )
    )
    add(
        Phrase(
            ("drop",),
            DropCourse,
            drop,
            "drop CODE",
            "leave a course",
            example="drop SEC-101",
            arguments=("course_code",),
        )
    )
    add(
        Phrase(
            ("assign",),
            AssignCourse,
            assign,
            "assign CODE EMAIL|DEPARTMENT [YYYY-MM-DD]",
            "put a person or a department on a course, with an optional due date",
            Audience.STAFF,
            example="assign SEC-101 tom@acme.example 2026-12-31",
        )
    )
