"""Test data for the learning engine: an organization with people and a published course, and ways to look."""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.events import CourseCompleted, Event
from domain.learning import HANDLERS
from domain.messagebus import Context, EventHandler, MessageBus
from domain.models import (
    Assessment,
    AssessmentAttempt,
    AuditLog,
    Content,
    Course,
    Department,
    Enrollment,
    Module,
    Organization,
    Progress,
    User,
)
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.support import factories

Sessions = async_sessionmaker[AsyncSession]


@dataclass
class World:
    db: Sessions
    org: Organization
    department: Department
    admin: User
    instructor: User
    trainee: User
    course: Course
    modules: list[Module] = field(default_factory=list)
    items: list[list[Content]] = field(default_factory=list)
    completed: list[CourseCompleted] = field(default_factory=list)

    def bus(self) -> MessageBus:
        """A bus with the learning handlers that records every CourseCompleted it publishes."""

        async def record(ctx: Context, completed: CourseCompleted) -> None:
            self.completed.append(completed)

        handlers: dict[type[Event], Sequence[EventHandler]] = {CourseCompleted: [record]}
        return MessageBus(PostgresUnitsOfWork(self.db), HANDLERS, handlers)

    async def run(self, user: User, command: Any) -> list[Reply]:
        return await self.bus().handle(user.id, self.org.id, command)

    def item(self, module: int, order: int) -> Content:
        """Item `order` of module `module`, both counted from 1."""
        return self.items[module - 1][order - 1]


async def world(db: Sessions, *, layout: Sequence[int] = (2, 2), course_fields: dict[str, Any] | None = None) -> World:
    """An organization, its department, an admin, an instructor, a trainee in the department, and a published
    public course with len(layout) modules of layout[i] text items each."""
    async with db() as session, session.begin():
        org = await factories.organization(session)
        department = await factories.department(session, org)
        admin = await factories.user(session, org, role="admin")
        instructor = await factories.user(session, org, role="instructor", first_name="Ada", last_name="Lovelace")
        trainee = await factories.user(session, org, department_id=department.id)
        course = await factories.course(
            session,
            org,
            instructor,
            **{"status": "published", "is_public": True, "title": "Security Basics", **(course_fields or {})},
        )
        found = World(db, org, department, admin, instructor, trainee, course)
        for number, count in enumerate(layout, start=1):
            module = await factories.module(session, course, number, title=f"Module {number}")
            found.modules.append(module)
            found.items.append(
                [
                    await factories.content(session, module, order, content_data={"body": f"Body {number}.{order}"})
                    for order in range(1, count + 1)
                ]
            )
    return found


async def add(db: Sessions, build: Callable[[AsyncSession], Any]) -> Any:
    """Run `build(session)` as the owner in its own transaction and return what it returns."""
    async with db() as session, session.begin():
        return await build(session)


async def enrollment_of(db: Sessions, user: User, course: Course) -> Enrollment | None:
    async with db() as session:
        return await session.scalar(
            select(Enrollment).where(Enrollment.trainee_id == user.id, Enrollment.course_id == course.id)
        )


async def progress_rows(db: Sessions, enrollment_id: uuid.UUID) -> list[Progress]:
    async with db() as session:
        return list(await session.scalars(select(Progress).where(Progress.enrollment_id == enrollment_id)))


async def audit_actions(db: Sessions, entity_id: uuid.UUID | None = None) -> list[str]:
    """Audit actions, sorted (rows of one statement share their time), for one entity or all."""
    query = select(AuditLog.action)
    if entity_id is not None:
        query = query.where(AuditLog.entity_id == entity_id)
    async with db() as session:
        return sorted(await session.scalars(query))


async def count(db: Sessions, model: type[Any], *where: Any) -> int:
    async with db() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def percentage(db: Sessions, user: User, course: Course) -> float:
    found = await enrollment_of(db, user, course)
    assert found is not None
    return float(found.progress_percentage or 0)


class StatementCounter:
    """Counts the statements SQLAlchemy sends while active (BEGIN/COMMIT are not statements)."""

    def __init__(self, db: Sessions) -> None:
        self.engine = db.kw["bind"].sync_engine
        self.statements: list[str] = []

    def __enter__(self) -> "StatementCounter":
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)


async def owner_sql(db: Sessions, sql: str, **params: Any) -> None:
    """Run a statement as the owner, in its own transaction."""
    async with db() as session, session.begin():
        await session.execute(text(sql), params)


async def quiz(session: AsyncSession, course: Course) -> Assessment:
    """A two-question quiz of the course: pass with 80%, 3 attempts, 10 minutes."""
    questions = [
        {"id": "q1", "type": "true_false", "question": "Phishing is bad?", "correct_answer": True},
        {"id": "q2", "type": "short_answer", "question": "Report to?", "correct_answer": ["security"]},
    ]
    assessment = Assessment(
        course_id=course.id,
        title="Phishing quiz",
        passing_score=80,
        max_attempts=3,
        time_limit=10,
        questions={"questions": questions},
    )
    session.add(assessment)
    await session.flush()
    return assessment


async def attempt(db: Sessions, enrollment_id: uuid.UUID, assessment: Assessment, *, passed: bool) -> None:
    """A submitted attempt of the assessment, passed or not (quiz taking belongs to the assessments work)."""
    async with db() as session, session.begin():
        number = await session.scalar(
            select(func.count()).where(
                AssessmentAttempt.enrollment_id == enrollment_id, AssessmentAttempt.assessment_id == assessment.id
            )
        )
        session.add(
            AssessmentAttempt(
                enrollment_id=enrollment_id,
                assessment_id=assessment.id,
                attempt_number=int(number or 0) + 1,
                answers={},
                score=100 if passed else 0,
                is_passed=passed,
            )
        )
