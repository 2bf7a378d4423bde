"""How an opened item, a locked module and a few numbers read to a trainee."""

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from domain.assessments.commands import StartAttempt
from domain.clock import zone_named
from domain.learning import AssignCourse, texts, unlock
from domain.learning.commands import CompleteItem, ContinueCourse
from domain.learning.rendering import OpenedItem, Quiz, render

ITEM_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")
QUIZ_ID = uuid.UUID("00000000-0000-4000-8000-000000000002")


def item(content_type: str, **fields: Any) -> OpenedItem:
    values: dict[str, Any] = {
        "content_id": ITEM_ID,
        "content_type": content_type,
        "title": "Passwords",
        "description": None,
        "required": True,
        "file_url": None,
        "file_size": None,
        "duration_seconds": None,
        "data": {},
        "course_code": "SEC-101",
        "module_position": 2,
        "module_count": 3,
        "item_position": 1,
        "item_count": 4,
        "percentage": Decimal("33.33"),
        "quiz": None,
    }
    return OpenedItem(**(values | fields))


def test_a_text_item_shows_its_body_a_done_button_and_where_the_trainee_is() -> None:
    reply = render(item("text", description="Why they matter.", data={"body": "Use a *manager*."}))
    assert reply.text == "*Passwords*\n\nWhy they matter.\n\nUse a *manager*."
    assert [(b.label, b.command, b.style) for b in reply.buttons] == [
        ("Done ✓", CompleteItem(content_id=ITEM_ID), "primary")
    ]
    assert reply.context == "SEC-101 · Module 2/3 · Item 1/4 · 33% done"


def test_a_link_uses_its_label_or_a_plain_one() -> None:
    labelled = render(item("link", file_url="https://example.com", data={"label": "The policy"}))
    assert labelled.link is not None
    assert (labelled.link.label, labelled.link.url) == ("The policy", "https://example.com")
    plain = render(item("link", file_url="https://example.com"))
    assert plain.link is not None
    assert plain.link.label == "Open the link"


def test_a_video_says_how_long_it_is_in_minutes() -> None:
    reply = render(item("video", file_url="https://example.com/v", duration_seconds=95))
    assert reply.link is not None
    assert reply.link.label == "Watch the video (2 min)"
    short = render(item("video", file_url="https://example.com/v", duration_seconds=10))
    assert short.link is not None
    assert short.link.label == "Watch the video (1 min)"


def test_a_document_is_attached_with_its_file_name_and_size() -> None:
    reply = render(item("document", file_url="https://example.com/d.pdf", file_size=10, data={"file_name": "a.pdf"}))
    assert reply.document is not None
    assert (reply.document.title, reply.document.url, reply.document.size_bytes) == (
        "a.pdf",
        "https://example.com/d.pdf",
        10,
    )


def test_a_quiz_item_introduces_the_quiz_and_offers_to_start_it_until_it_is_passed() -> None:
    quiz = Quiz(QUIZ_ID, "Phishing", "Spot the fake.", 5, 80, None, 15, passed=False)
    reply = render(item("quiz", quiz=quiz))
    assert reply.text == (
        "*Passwords*\n\nThis is the quiz *Phishing*.\n\nSpot the fake.\n\n5 questions · pass with 80% · 15 minutes"
    )
    assert [(b.label, b.command) for b in reply.buttons] == [("Start the quiz", StartAttempt(assessment_id=QUIZ_ID))]
    passed = render(item("quiz", quiz=Quiz(QUIZ_ID, "Phishing", None, None, None, None, None, passed=True)))
    assert passed.text.endswith("You passed this quiz. Mark it done to move on.")
    assert [b.command for b in passed.buttons] == [CompleteItem(content_id=ITEM_ID)]
    same_title = render(item("quiz", quiz=Quiz(QUIZ_ID, "passwords", None, 5, 80, None, None, passed=False)))
    assert same_title.text == "*Passwords*\n\n5 questions · pass with 80%"  # the quiz is not named twice
    missing = render(item("quiz"))
    assert missing.buttons == []
    assert "not available yet" in missing.text


def test_a_quiz_item_says_where_the_trainee_stands_and_offers_what_makes_sense() -> None:
    def quiz(**standing: object) -> Quiz:
        return Quiz(QUIZ_ID, "Phishing", None, 5, 70, 3, None, **standing)  # type: ignore[arg-type]

    waiting = render(item("quiz", quiz=quiz(passed=False, used=1, pending=1)))
    assert "waiting for an instructor to grade its essay answers" in waiting.text
    assert [b.label for b in waiting.buttons] == ["My learning"]
    failed = render(item("quiz", quiz=quiz(passed=False, used=1, best=Decimal("40"))))
    assert "Not passed yet: your best score is 40%. Attempts left: 2." in failed.text
    assert [b.label for b in failed.buttons] == ["Try the quiz again"]
    under_way = render(item("quiz", quiz=quiz(passed=False, used=1, unfinished=1)))
    assert [b.label for b in under_way.buttons] == ["Resume the quiz"]
    spent = render(item("quiz", quiz=quiz(passed=False, used=3, best=Decimal("60"))))
    assert "no attempts are left" in spent.text
    assert [b.label for b in spent.buttons] == ["My learning"]
    passed = render(item("quiz", quiz=quiz(passed=True, used=2, best=Decimal("83.33"))))
    assert "You passed this quiz. Your score: 83.33%." in passed.text


def test_an_optional_item_says_so_and_can_be_skipped() -> None:
    reply = render(item("text", required=False, data={"body": "Extra."}))
    assert reply.text.startswith("*Passwords* _optional_")
    assert [(b.label, b.command) for b in reply.buttons][-1] == ("Skip", ContinueCourse(course_code="SEC-101"))


def test_an_optional_item_whose_title_says_so_is_not_labelled_twice() -> None:
    reply = render(item("text", title="Further reading (optional)", required=False, data={"body": "Extra."}))
    assert reply.text.startswith("*Further reading (optional)*\n")


def facts(**failing: Any) -> dict[str, Any]:
    return {
        "previous_module_ok": True,
        "required_module_ok": True,
        "assessment_ok": True,
        "available_ok": True,
        "previous_module_title": "Basics",
        "required_module_title": "Intro",
        "assessment_title": "Quiz 1",
        "unlock_condition": {},
    } | failing


def test_a_locked_module_names_everything_it_waits_for() -> None:
    waiting = facts(
        previous_module_ok=False,
        required_module_ok=False,
        assessment_ok=False,
        available_ok=False,
        unlock_condition={"available_from": "2027-01-05T10:00:00-05:00"},
    )
    assert unlock.explain("Advanced", waiting) == (
        "The next module, *Advanced*, opens after you complete *Basics* and after you complete *Intro* "
        "and after you pass *Quiz 1* and on 5 Jan 2027, 15:00 UTC."
    )
    assert unlock.reasons(facts(available_ok=False, unlock_condition={"available_from": "soon"})) == "later"
    berlin = zone_named("Europe/Berlin")
    opening = facts(available_ok=False, unlock_condition={"available_from": "2027-01-05T10:00:00-05:00"})
    assert unlock.reasons(opening, berlin) == "on 5 Jan 2027, 16:00 CET"  # the organization's zone, named
    assert unlock.reasons(facts()) == "later"


def test_percentages_and_moments_read_simply() -> None:
    assert texts.percent(Decimal("66.67")) == "67%"
    assert texts.percent(None) == "0%"
    moment = datetime(2026, 12, 1, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert texts.format_instant(moment) == "1 Dec 2026, 09:30 UTC"
    assert texts.format_day(datetime(2026, 7, 4, 23, 59, tzinfo=UTC)) == "4 Jul 2026"
    assert texts.duration_hours(0) is None
    assert texts.duration_hours(2) == "2 h"


def test_an_assignment_names_exactly_one_audience() -> None:
    with pytest.raises(ValidationError, match="either to one person"):
        AssignCourse(course_code="SEC-101")
    with pytest.raises(ValidationError, match="either to one person"):
        AssignCourse(course_code="SEC-101", email="a@example.com", department_code="IT")
    assert (
        AssignCourse(course_code=" SEC-101 ", department_code="IT", due_date=date(2030, 1, 1)).course_code == "SEC-101"
    )
