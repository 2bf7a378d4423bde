"""The assessments' part of completion: required quizzes passed, required assignments graded well enough."""

import uuid
from decimal import Decimal

from sqlalchemy import update

from domain.assessments.commands import AnswerQuestion, GradeAssignment, StartAttempt, SubmitAssignment, SubmitAttempt
from domain.assessments.completion import assessment_requirements_met
from domain.assessments.events import AssessmentPassed, SubmissionGraded
from domain.assessments.handlers import HANDLERS
from domain.events import Event
from domain.messagebus import Context, MessageBus
from domain.models import AssignmentSubmission
from infrastructure.unit_of_work import PostgresUnitOfWork, PostgresUnitsOfWork
from tests.integration.assessments.support import QUESTIONS, Db, World, attempts, build_world, submissions


async def met(world: World) -> bool:
    async with PostgresUnitOfWork(world.db, organization_id=world.organization_id, actor_id=world.trainee.id) as uow:
        return await assessment_requirements_met(uow.session, world.enrollment_id)


async def pass_quiz(world: World, quiz_id: uuid.UUID) -> None:
    """Every answer right."""
    await world.run(world.trainee, StartAttempt(assessment_id=quiz_id))
    row = (await attempts(world.db, quiz_id))[-1]
    for number, answer in ((1, "2"), (2, "1"), (3, "multi factor authentication")):
        await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=number, answer=answer))


async def test_a_course_without_assessments_or_assignments_has_its_requirements_met(db: Db) -> None:
    assert await met(await build_world(db))


async def test_every_required_assessment_needs_a_passed_attempt(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(passing_score=100)
    await world.assessment(title="Optional", is_required=False)
    assert not await met(world)

    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    await world.run(world.trainee, SubmitAttempt(attempt_id=(await attempts(db, quiz.id))[0].id))
    assert not await met(world)  # failed attempts do not count

    await pass_quiz(world, quiz.id)
    assert await met(world)


async def test_a_required_assignment_needs_a_grade_of_at_least_half_its_max_score(db: Db) -> None:
    world = await build_world(db)
    task = await world.assignment(max_score=20)
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work"))
    assert not await met(world)  # submitted is not graded

    [row] = await submissions(db, task.id)
    await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal("9.99")))
    assert not await met(world)

    async with db() as session:
        await session.execute(update(AssignmentSubmission).values(score=Decimal(10)))
        await session.commit()
    assert await met(world)


async def test_the_course_may_set_a_higher_assignment_pass_ratio(db: Db) -> None:
    world = await build_world(db, meta={"assignment_pass_ratio": 0.6})
    task = await world.assignment(max_score=100)
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work"))
    [row] = await submissions(db, task.id)
    await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(55)))
    assert not await met(world)


async def test_an_invalid_pass_ratio_falls_back_to_half(db: Db) -> None:
    world = await build_world(db, meta={"assignment_pass_ratio": "lots"})
    task = await world.assignment(max_score=100)
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work"))
    [row] = await submissions(db, task.id)
    await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(50)))
    assert await met(world)


async def test_passing_and_grading_raise_the_events_that_re_evaluate_completion(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(QUESTIONS)
    task = await world.assignment()
    seen: list[Event] = []

    async def remember(ctx: Context, event: Event) -> None:
        seen.append(event)

    world.bus = MessageBus(
        PostgresUnitsOfWork(db), HANDLERS, {AssessmentPassed: [remember], SubmissionGraded: [remember]}
    )
    await pass_quiz(world, quiz.id)
    await world.run(world.trainee, SubmitAssignment(assignment_id=task.id, text="Work"))
    [row] = await submissions(db, task.id)
    await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(70)))

    assert [type(e) for e in seen] == [AssessmentPassed, SubmissionGraded]
    assert all(
        isinstance(e, AssessmentPassed | SubmissionGraded) and e.enrollment_id == world.enrollment_id for e in seen
    )
