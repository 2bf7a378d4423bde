"""An opened content item as a neutral reply: text body, link, video, document, or a quiz's introduction."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.learning import texts
from domain.replies import Button, Document, Link, Reply, literal


@dataclass(frozen=True)
class Quiz:
    """The assessment behind a quiz item, as far as its introduction shows it."""

    assessment_id: uuid.UUID
    title: str
    description: str | None
    question_count: int | None
    passing_score: int | None
    max_attempts: int | None
    time_limit_minutes: int | None
    passed: bool


@dataclass(frozen=True)
class OpenedItem:
    content_id: uuid.UUID
    content_type: str
    title: str
    description: str | None
    required: bool
    file_url: str | None
    file_size: int | None
    duration_seconds: int | None
    data: Mapping[str, Any]
    course_code: str
    module_position: int
    module_count: int
    item_position: int
    item_count: int
    percentage: Decimal
    quiz: Quiz | None


def render(item: OpenedItem) -> Reply:
    """The item as the trainee sees it, with Done (or Start the quiz) and, when optional, Skip."""
    heading = f"*{literal(item.title)}*" + (f" {texts.OPTIONAL}" if not item.required else "")
    parts = [heading, *([item.description] if item.description else [])]
    buttons = [Button(label=texts.DONE, action=texts.done_action(item.content_id), style="primary")]
    link: Link | None = None
    document: Document | None = None
    if item.content_type == "text":
        parts.append(str(item.data.get("body") or ""))
    elif item.content_type == "link" and item.file_url:
        link = Link(label=str(item.data.get("label") or texts.OPEN_LINK), url=item.file_url)
    elif item.content_type == "video" and item.file_url:
        minutes = max(1, round(item.duration_seconds / 60)) if item.duration_seconds else None
        length = texts.VIDEO_LENGTH.format(minutes=minutes) if minutes else ""
        link = Link(label=texts.VIDEO_LINK + length, url=item.file_url)
    elif item.content_type == "document" and item.file_url:
        title = str(item.data.get("file_name") or item.title)
        document = Document(title=title, url=item.file_url, size_bytes=item.file_size)
    elif item.content_type == "quiz":
        parts.extend(quiz_intro(item.quiz))
        buttons = quiz_buttons(item)
    if not item.required:
        buttons.append(Button(label=texts.SKIP, action=texts.continue_action(item.course_code)))
    return Reply(
        text="\n\n".join(part for part in parts if part),
        buttons=buttons,
        link=link,
        document=document,
        context=texts.CONTEXT.format(
            code=item.course_code,
            module=item.module_position,
            modules=item.module_count,
            item=item.item_position,
            items=item.item_count,
            percentage=texts.percent(item.percentage),
        ),
    )


def quiz_intro(quiz: Quiz | None) -> list[str]:
    if quiz is None:
        return [texts.QUIZ_MISSING]
    facts = [
        texts.QUIZ_QUESTIONS.format(count=quiz.question_count) if quiz.question_count else None,
        texts.QUIZ_PASSING.format(score=quiz.passing_score) if quiz.passing_score is not None else None,
        texts.QUIZ_ATTEMPTS.format(count=quiz.max_attempts) if quiz.max_attempts else None,
        texts.QUIZ_TIME.format(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None,
    ]
    summary = " · ".join(fact for fact in facts if fact)
    lines = [texts.QUIZ_INTRO.format(title=literal(quiz.title)), *([quiz.description] if quiz.description else [])]
    lines += [summary] if summary else []
    return [*lines, texts.QUIZ_PASSED] if quiz.passed else lines


def quiz_buttons(item: OpenedItem) -> list[Button]:
    if item.quiz is None:
        return []
    if item.quiz.passed:
        return [Button(label=texts.DONE, action=texts.done_action(item.content_id), style="primary")]
    return [Button(label=texts.START_QUIZ, action=texts.quiz_action(item.quiz.assessment_id), style="primary")]
