"""Assessments report back: a passed quiz completes its items, and completion waits for required assessments."""

import uuid

from domain.assessments.events import AssessmentPassed
from domain.events import CourseCompleted, Event
from domain.learning import EVENT_HANDLERS, HANDLERS, CompleteItem, ContinueCourse, Enroll
from domain.messagebus import Command, Context, EventHandler, MessageBus
from domain.models import Assessment, AssessmentAttempt, Progress
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.learning.world import Sessions, World, add, count, enrollment_of, percentage, quiz, world
from tests.support import factories
from tests.support.buttons import action_line


class PassQuiz(Command):
    """Stands in for the assessments area: a passed attempt, announced as it announces one."""

    assessment_id: uuid.UUID


def bus_with_quizzes(w: World) -> MessageBus:
    async def pass_quiz(ctx: Context, command: PassQuiz) -> list[Reply]:
        found = await enrollment_of(w.db, w.trainee, w.course)
        assert found is not None
        attempt = AssessmentAttempt(
            enrollment_id=found.id, assessment_id=command.assessment_id, attempt_number=1, answers={}, is_passed=True
        )
        ctx.session.add(attempt)
        await ctx.session.flush()
        ctx.uow.emit(
            AssessmentPassed(
                attempt_id=attempt.id,
                assessment_id=command.assessment_id,
                enrollment_id=found.id,
                trainee_id=w.trainee.id,
                course_id=w.course.id,
                organization_id=w.org.id,
            )
        )
        return []

    async def record(ctx: Context, completed: CourseCompleted) -> None:
        w.completed.append(completed)

    events: dict[type[Event], list[EventHandler]] = {**EVENT_HANDLERS, CourseCompleted: [record]}
    return MessageBus(PostgresUnitsOfWork(w.db), {**HANDLERS, PassQuiz: pass_quiz}, events)


async def quiz_course(db: Sessions) -> tuple[World, Assessment, uuid.UUID]:
    """One module: a text item, then a quiz item linked to a required assessment."""
    w = await world(db, layout=(1,))
    assessment = await add(db, lambda s: quiz(s, w.course))
    item = await add(
        db,
        lambda s: factories.content(
            s, w.modules[0], 2, content_type="quiz", content_data={"assessment_id": str(assessment.id)}
        ),
    )
    return w, assessment, item.id


async def test_passing_a_quiz_completes_its_item_its_module_and_the_course(db: Sessions) -> None:
    w, assessment, quiz_item = await quiz_course(db)
    bus = bus_with_quizzes(w)
    await bus.handle(w.trainee.id, w.org.id, Enroll(course_code=w.course.course_code))
    await bus.handle(w.trainee.id, w.org.id, ContinueCourse())
    await bus.handle(w.trainee.id, w.org.id, CompleteItem())
    assert await percentage(db, w.trainee, w.course) == 50
    [intro] = await bus.handle(w.trainee.id, w.org.id, ContinueCourse())
    assert action_line(intro.buttons[0]) == f"quiz {assessment.id}"
    await bus.handle(w.trainee.id, w.org.id, PassQuiz(assessment_id=assessment.id))
    assert await count(db, Progress, Progress.content_id == quiz_item, Progress.status == "completed") == 1
    assert await percentage(db, w.trainee, w.course) == 100
    finished = await enrollment_of(db, w.trainee, w.course)
    assert finished is not None
    assert finished.status == "completed"
    assert [c.enrollment_id for c in w.completed] == [finished.id]


async def test_a_course_with_a_required_assessment_completes_only_once_it_is_passed(db: Sessions) -> None:
    w = await world(db, layout=(1,))
    exam = await add(db, lambda s: quiz(s, w.course))
    bus = bus_with_quizzes(w)
    await bus.handle(w.trainee.id, w.org.id, Enroll(course_code=w.course.course_code))
    await bus.handle(w.trainee.id, w.org.id, ContinueCourse())
    [done] = await bus.handle(w.trainee.id, w.org.id, CompleteItem())
    assert done.text.splitlines()[-2:] == [
        "Still to do to complete *Security Basics*:",
        "- *Phishing quiz*: take the quiz",
    ]
    assert action_line(done.buttons[0]) == f"quiz {exam.id}"
    waiting = await enrollment_of(db, w.trainee, w.course)
    assert waiting is not None
    assert (waiting.status, float(waiting.progress_percentage or 0)) == ("in_progress", 100)
    [still] = await bus.handle(w.trainee.id, w.org.id, ContinueCourse())
    assert still.text.startswith("*Phishing quiz*\n\nTo finish the course.")
    assert action_line(still.buttons[0]) == f"quiz {exam.id}"
    assert w.completed == []
    await bus.handle(w.trainee.id, w.org.id, PassQuiz(assessment_id=exam.id))
    finished = await enrollment_of(db, w.trainee, w.course)
    assert finished is not None
    assert finished.status == "completed"
    assert len(w.completed) == 1
    [after] = await bus.handle(w.trainee.id, w.org.id, CompleteItem(content_id=w.item(1, 1).id))
    assert "Still to do" not in after.text
