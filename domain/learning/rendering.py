"""An opened content item as a neutral reply: text body, link, video, document, or a quiz's introduction."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.assessments.commands import StartAttempt
from domain.learning import texts
from domain.learning.commands import CompleteItem, ContinueCourse, ShowMyLearning
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
    # Where the trainee stands: attempts made, submitted ones waiting for a grade, under way, best score.
    used: int = 0
    pending: int = 0
    unfinished: int = 0
    best: Decimal | None = None

    @property
    def attempts_left(self) -> int | None:
        return None if self.max_attempts is None else max(self.max_attempts - self.used, 0)


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
    parts = [texts.heading(literal(item.title), item.required), *([item.description] if item.description else [])]
    buttons = [Button(label=texts.DONE, command=CompleteItem(content_id=item.content_id), style="primary")]
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
        parts.extend(quiz_intro(item.quiz, item.title))
        buttons = quiz_buttons(item)
    if not item.required:
        buttons.append(Button(label=texts.SKIP, command=ContinueCourse(course_code=item.course_code)))
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


def quiz_intro(quiz: Quiz | None, item_title: str) -> list[str]:
    if quiz is None:
        return [texts.QUIZ_MISSING]
    facts = [
        texts.QUIZ_QUESTIONS.format(count=quiz.question_count) if quiz.question_count else None,
        texts.QUIZ_PASSING.format(score=quiz.passing_score) if quiz.passing_score is not None else None,
        texts.QUIZ_ATTEMPTS.format(count=quiz.max_attempts) if quiz.max_attempts else None,
        texts.QUIZ_TIME.format(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None,
    ]
    summary = " · ".join(fact for fact in facts if fact)
    # The item is usually named after its quiz: name the quiz only when it is called something else.
    named = quiz.title.strip().casefold() != item_title.strip().casefold()
    lines = [texts.QUIZ_INTRO_NAMED.format(title=literal(quiz.title)) if named else None]
    lines += [quiz.description, summary, standing(quiz)]
    return [line for line in lines if line]


def standing(quiz: Quiz) -> str | None:
    """Where the trainee stands on the quiz, when they have tried it."""
    if quiz.passed:
        return texts.QUIZ_PASSED.format(score=texts.score(quiz.best)) if quiz.best is not None else texts.QUIZ_PASSED_
    if quiz.unfinished:
        return texts.QUIZ_UNDER_WAY
    if quiz.pending:
        return texts.QUIZ_WAITING
    if quiz.used and quiz.attempts_left == 0:
        return texts.QUIZ_NO_ATTEMPTS_LEFT.format(score=texts.score(quiz.best))
    if quiz.used:
        left = quiz.attempts_left
        return texts.QUIZ_NOT_PASSED.format(
            score=texts.score(quiz.best), left=texts.UNLIMITED if left is None else left
        )
    return None


def quiz_buttons(item: OpenedItem) -> list[Button]:
    quiz = item.quiz
    if quiz is None:
        return []
    if quiz.passed:
        return [Button(label=texts.DONE, command=CompleteItem(content_id=item.content_id), style="primary")]
    if quiz.pending or (quiz.used and quiz.attempts_left == 0 and not quiz.unfinished):
        return [Button(label=texts.MY_LEARNING, command=ShowMyLearning())]
    label = texts.RESUME_QUIZ if quiz.unfinished else texts.RETRY_QUIZ if quiz.used else texts.START_QUIZ
    return [Button(label=label, command=StartAttempt(assessment_id=quiz.assessment_id), style="primary")]
