"""A trainee who passed a quiz with some answers wrong, in an organization in Berlin's time zone, talked to through
the real chat service (console messages) with a clock the test sets; and the nudge job run on that clock."""

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import Services, build_services
from bot.settings import Settings
from domain.assessments.commands import AnswerQuestion, StartAttempt, SubmitAttempt
from domain.models import Course, Organization, User
from domain.nudges.sending import send_due_nudges
from domain.replies import Reply
from tests.integration.chat.helpers import console
from tests.support import factories
from tests.support.buttons import action_line
from tests.support.clock import SettableClock
from tests.support.deliveries import link_chat

# Tuesday 8 December 2026, 10:00 in Berlin (CET, UTC+1): outside the default quiet hours (20:00-08:00).
TUESDAY_10_BERLIN = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)

MULTIPLE_CHOICE = {
    "id": "q1",
    "type": "multiple_choice",
    "question": "Which password is strongest?",
    "options": ["password1", "Summer2024", "correct horse battery staple"],
    "correct_answer": 2,
    "explanation": "Length beats complexity.",
}
TRUE_FALSE = {"id": "q2", "type": "true_false", "question": "Phishing only happens by email.", "correct_answer": False}
SHORT_ANSWER = {
    "id": "q3",
    "type": "short_answer",
    "question": "What does MFA stand for?",
    "correct_answer": ["multi-factor authentication"],
}
RIGHT_ONE = {"id": "q4", "type": "true_false", "question": "Lock your screen when you leave.", "correct_answer": True}
ESSAY: dict[str, Any] = {"id": "q5", "type": "essay", "question": "Describe a phishing mail you saw."}
QUESTIONS: list[dict[str, Any]] = [MULTIPLE_CHOICE, TRUE_FALSE, SHORT_ANSWER, RIGHT_ONE]
# Wrong, wrong, wrong, right: 25% with every question worth one point.
WRONG_THREE = ("0", "0", "two factor", "0")


@dataclass
class World:
    services: Services
    clock: SettableClock
    db: async_sessionmaker[AsyncSession]
    org: Organization
    instructor: User
    trainee: User
    course: Course
    quiz_id: uuid.UUID

    async def say(self, who: User, line: str) -> list[Reply]:
        return await self.services.chat.handle(console(who.email, line))

    async def said(self, who: User, line: str) -> str:
        return "\n".join(reply.text for reply in await self.say(who, line))

    async def press(self, who: User, action: str) -> list[Reply]:
        encoded = self.services.codec.encode(action, for_user=who.email)
        return await self.services.chat.handle(console(who.email, action=encoded))

    async def take_quiz(self, who: User, answers: Iterable[str], quiz_id: uuid.UUID | None = None) -> None:
        """Start an attempt at the quiz, answer its questions in order and hand it in (unanswered ones are wrong)."""
        assessment = quiz_id or self.quiz_id
        await self.services.bus.handle(who.id, self.org.id, StartAttempt(assessment_id=assessment, again=True))
        [attempt] = await self.sql(
            "SELECT a.id FROM assessment_attempts a JOIN enrollments e ON e.id = a.enrollment_id "
            "WHERE a.assessment_id = :quiz AND e.trainee_id = :who AND a.submitted_at IS NULL",
            quiz=assessment,
            who=who.id,
        )
        for number, answer in enumerate(answers, start=1):
            await self.services.bus.handle(
                who.id, self.org.id, AnswerQuestion(attempt_id=attempt.id, number=number, answer=answer)
            )
        [open_attempt] = await self.sql(
            "SELECT submitted_at IS NULL AS open FROM assessment_attempts WHERE id = :a", a=attempt.id
        )
        if open_attempt.open:
            await self.services.bus.handle(who.id, self.org.id, SubmitAttempt(attempt_id=attempt.id))

    async def send_nudges(self) -> int:
        return await send_due_nudges(self.services.bus.units, self.clock)

    async def sql(self, statement: str, **params: Any) -> list[Any]:
        """As the owner, like an administrator at psql."""
        async with self.db() as session:
            result = cast(CursorResult[Any], await session.execute(text(statement), params))
            rows = list(result.all()) if result.returns_rows else []
            await session.commit()
        return rows

    async def cards(self, who: User | None = None) -> list[Any]:
        return await self.sql(
            "SELECT * FROM review_cards WHERE trainee_id = :who ORDER BY question_id", who=(who or self.trainee).id
        )

    async def nudges(self, who: User | None = None) -> list[Any]:
        """The nudge deliveries to the person, oldest first, their replies as stored."""
        return await self.sql(
            "SELECT id, once_key, replies, status FROM deliveries WHERE kind = 'nudge' AND user_id = :who "
            "ORDER BY created_at, once_key",
            who=(who or self.trainee).id,
        )

    async def enroll(self, who: User) -> None:
        async with self.db() as session:
            await factories.enrollment(session, who, self.course)
            await session.commit()


def buttons(replies: Iterable[Reply]) -> dict[str, str]:
    """Label -> the command line it runs, as the chat registry writes it."""
    return {button.label: action_line(button) for reply in replies for button in (*reply.buttons, *reply.choices)}


def stored_buttons(delivery: Any) -> dict[str, str]:
    """A delivered nudge's buttons as the outbox keeps them (each with its command): label -> its line."""
    [reply] = delivery.replies
    return buttons([Reply.model_validate(reply)])


async def make_world(
    db: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    *,
    questions: list[dict[str, Any]] | None = None,
    settings: Settings | None = None,
    telegram_id: str | None = "9001",
) -> World:
    """Tom enrolled in Irene's published course with its quiz (pass mark 20%); services on a clock the test sets
    (with `settings`' platforms, else the console alone). Tom's Telegram account (`telegram_id`) is linked, so
    nudges can reach him (none runs a worker unless the test does)."""
    async with db() as session:
        org = await factories.organization(session, settings={"timezone": "Europe/Berlin"})
        instructor = await factories.user(session, org, "instructor", first_name="Irene", last_name="Instructor")
        trainee = await factories.user(session, org, "trainee", first_name="Tom", last_name="Trainee")
        course = await factories.course(session, org, instructor, status="published", title="Security Basics")
        await factories.enrollment(session, trainee, course)
        quiz = await session.scalar(
            text(
                "INSERT INTO assessments (course_id, title, passing_score, questions) "
                "VALUES (:course, 'Security quiz', 20, CAST(:questions AS jsonb)) RETURNING id"
            ),
            {"course": course.id, "questions": json.dumps({"questions": questions or QUESTIONS})},
        )
        await session.commit()
    if telegram_id is not None:
        await link_chat(db, trainee, "telegram", telegram_id, telegram_id)
    clock = SettableClock(TUESDAY_10_BERLIN)
    services = build_services(settings or Settings(data_dir=tmp_path), db, clock)
    assert quiz is not None
    return World(services, clock, db, org, instructor, trainee, course, quiz)
