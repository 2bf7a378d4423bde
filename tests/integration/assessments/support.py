"""Shared steps for the assessments tests: a published course with people, quizzes made as rows, the bus."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.assessments.handlers import HANDLERS
from domain.messagebus import Command, MessageBus
from domain.models import Assessment, AssessmentAttempt, Assignment, AssignmentSubmission, AuditLog, Course, User
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.support import factories

Db = async_sessionmaker[AsyncSession]
NO_QUIZ = uuid.UUID(int=0)

QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "q1",
        "type": "multiple_choice",
        "question": "Which password is strongest?",
        "options": ["password1", "Summer2024", "correct horse battery staple", "qwerty"],
        "correct_answer": 2,
        "points": 2,
        "explanation": "Length beats complexity.",
    },
    {"id": "q2", "type": "true_false", "question": "Phishing only happens by email.", "correct_answer": False},
    {
        "id": "q3",
        "type": "short_answer",
        "question": "What does MFA stand for?",
        "correct_answer": ["multi-factor authentication", "multi factor authentication"],
    },
]
ESSAY = {"id": "q4", "type": "essay", "question": "Describe a phishing attempt you have seen.", "points": 5}


@dataclass
class World:
    db: Db
    bus: MessageBus
    organization_id: uuid.UUID
    instructor: User
    other_instructor: User
    admin: User
    trainee: User
    other_trainee: User
    course: Course
    enrollment_id: uuid.UUID
    other_enrollment_id: uuid.UUID
    quiz_id: uuid.UUID = NO_QUIZ  # set by tests that share one quiz

    async def run(self, user: User, command: Command) -> list[Reply]:
        return await self.bus.handle(user.id, self.organization_id, command)

    async def assessment(self, questions: list[dict[str, Any]] | None = None, **fields: Any) -> Assessment:
        async with self.db() as session:
            row = Assessment(
                course_id=self.course.id,
                title=fields.pop("title", "Security quiz"),
                questions={"questions": questions or QUESTIONS},
                **fields,
            )
            session.add(row)
            await session.commit()
            return row

    async def assignment(self, **fields: Any) -> Assignment:
        async with self.db() as session:
            row = Assignment(
                course_id=self.course.id,
                title=fields.pop("title", "Write a policy"),
                created_by=self.instructor.id,
                **fields,
            )
            session.add(row)
            await session.commit()
            return row


async def build_world(db: Db, **course_fields: Any) -> World:
    async with db() as session:
        org = await factories.organization(session)
        instructor = await factories.user(session, org, "instructor")
        other_instructor = await factories.user(session, org, "instructor")
        admin = await factories.user(session, org, "admin")
        trainee = await factories.user(session, org, "trainee")
        other_trainee = await factories.user(session, org, "trainee")
        course = await factories.course(session, org, instructor, status="published", **course_fields)
        enrollment = await factories.enrollment(session, trainee, course)
        other = await factories.enrollment(session, other_trainee, course)
        await session.commit()
    return World(
        db=db,
        bus=MessageBus(PostgresUnitsOfWork(db), HANDLERS),
        organization_id=org.id,
        instructor=instructor,
        other_instructor=other_instructor,
        admin=admin,
        trainee=trainee,
        other_trainee=other_trainee,
        course=course,
        enrollment_id=enrollment.id,
        other_enrollment_id=other.id,
    )


async def attempts(db: Db, assessment_id: uuid.UUID) -> list[AssessmentAttempt]:
    """The assessment's attempts, read as the owner, oldest first."""
    async with db() as session:
        query = select(AssessmentAttempt).where(AssessmentAttempt.assessment_id == assessment_id)
        return list(
            await session.scalars(query.order_by(AssessmentAttempt.attempt_number, AssessmentAttempt.created_at))
        )


async def attempt(db: Db, attempt_id: uuid.UUID) -> AssessmentAttempt:
    async with db() as session:
        row = await session.get(AssessmentAttempt, attempt_id)
        assert row is not None
        return row


async def submissions(db: Db, assignment_id: uuid.UUID) -> list[AssignmentSubmission]:
    async with db() as session:
        query = select(AssignmentSubmission).where(AssignmentSubmission.assignment_id == assignment_id)
        return list(await session.scalars(query))


async def audit_actions(db: Db, entity_id: uuid.UUID) -> list[str]:
    async with db() as session:
        query = select(AuditLog.action).where(AuditLog.entity_id == entity_id).order_by(AuditLog.id)
        return list(await session.scalars(query))


async def set_started_at(db: Db, attempt_id: uuid.UUID, started_at: datetime, deadline: datetime | None) -> None:
    """Move an attempt into the past, as if it had been started then (deadline = started + limit)."""
    async with db() as session:
        row = await session.get(AssessmentAttempt, attempt_id)
        assert row is not None
        row.started_at = started_at
        row.answers = {**row.answers, "deadline": deadline.isoformat()} if deadline else row.answers
        await session.commit()


def position_of(row: AssessmentAttempt, question_id: str) -> int:
    """The question's number in this attempt (1 is the first)."""
    return list(row.answers["order"]).index(question_id) + 1


def shown_position(row: AssessmentAttempt, question_id: str, original: int) -> int:
    permutation = row.answers.get("options", {}).get(question_id)
    return permutation.index(original) if permutation else original
