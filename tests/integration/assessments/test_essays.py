"""Essays wait for a person: the attempt has no score until an instructor grades every essay answer."""

import pytest

from domain.assessments.commands import AnswerQuestion, GradeEssay, ShowGradingQueue, StartAttempt
from domain.assessments.events import AssessmentPassed, AttemptGraded
from domain.assessments.handlers import HANDLERS
from domain.errors import Conflict, InvalidInput, PermissionDenied
from domain.events import Event
from domain.messagebus import Context, MessageBus
from domain.models import AssessmentAttempt
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.assessments.support import (
    ESSAY,
    QUESTIONS,
    Db,
    World,
    attempt,
    attempts,
    audit_actions,
    build_world,
)

QUIZ_WITH_ESSAY = [*QUESTIONS, ESSAY]


async def take(world: World, trainee_is_other: bool = False, essay: str = "A fake bank email.") -> AssessmentAttempt:
    """Answer the quiz with an essay: q1 right (2 points), q2 right, q3 wrong (1 point), then the essay."""
    trainee = world.other_trainee if trainee_is_other else world.trainee
    quiz_id = world.quiz_id
    await world.run(trainee, StartAttempt(assessment_id=quiz_id))
    row = next(r for r in await attempts(world.db, quiz_id) if r.submitted_at is None)
    for number, answer in ((1, "2"), (2, "1"), (3, "no idea"), (4, essay)):
        await world.run(trainee, AnswerQuestion(attempt_id=row.id, number=number, answer=answer))
    return await attempt(world.db, row.id)


@pytest.fixture
async def world(db: Db) -> World:
    world = await build_world(db)
    world.quiz_id = (await world.assessment(QUIZ_WITH_ESSAY, passing_score=70)).id
    return world


async def test_an_attempt_with_an_essay_waits_for_grading_without_a_score(world: World) -> None:
    await world.run(world.trainee, StartAttempt(assessment_id=world.quiz_id))
    [row] = await attempts(world.db, world.quiz_id)
    for number, answer in ((1, "2"), (2, "1"), (3, "no idea")):
        await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=number, answer=answer))

    replies = await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=4, answer="A fake bank email."))

    done = await attempt(world.db, row.id)
    assert done.submitted_at is not None
    assert done.score is None
    assert done.is_passed is None
    assert done.answers["answers"][3] == {
        "question_id": "q4",
        "answer": "A fake bank email.",
        "is_correct": None,
        "points_earned": None,
    }
    assert "Saved. An instructor will grade" in replies[0].text
    assert "1 essay answer must be graded by an instructor" in replies[-1].text


async def test_the_grading_queue_shows_question_and_answer_oldest_first_for_the_instructors_courses(
    world: World,
) -> None:
    first = await take(world, essay="First essay")
    await take(world, trainee_is_other=True, essay="Second essay")

    replies = await world.run(world.instructor, ShowGradingQueue())

    assert "2 answers waiting" in replies[0].text
    assert "First essay" in replies[1].text
    assert "Second essay" in replies[2].text
    assert str(ESSAY["question"]) in replies[1].text
    assert replies[1].prompt is not None
    assert replies[1].prompt.command is GradeEssay
    assert replies[1].prompt.given == {"attempt_id": first.id, "question_id": ESSAY["id"]}
    assert len(await world.run(world.admin, ShowGradingQueue())) == 3
    assert "Nothing is waiting" in (await world.run(world.other_instructor, ShowGradingQueue()))[0].text
    assert "Nothing is waiting" in (await world.run(world.instructor, ShowGradingQueue(course_code="NOPE")))[0].text
    assert first.score is None


async def test_grading_the_essay_computes_score_and_pass_and_raises_events(db: Db, world: World) -> None:
    row = await take(world)
    seen: list[Event] = []

    async def remember(ctx: Context, event: Event) -> None:
        seen.append(event)

    bus = MessageBus(PostgresUnitsOfWork(db), HANDLERS, {AttemptGraded: [remember], AssessmentPassed: [remember]})
    replies = await bus.handle(
        world.instructor.id,
        world.organization_id,
        GradeEssay(attempt_id=row.id, question_id="q4", points=5, feedback="Clear and specific."),
    )

    done = await attempt(db, row.id)
    assert done.answers["answers"][3]["points_earned"] == 5
    assert done.answers["answers"][3]["is_correct"] is True
    assert done.score is not None
    assert float(done.score) == 88.89
    assert done.is_passed is True
    assert done.graded_by == world.instructor.id
    assert done.graded_at is not None
    assert done.feedback == "Question 4: Clear and specific."
    assert "fully graded: 88.89%, passed" in replies[0].text
    assert [type(e) for e in seen] == [AttemptGraded, AssessmentPassed]
    assert "attempt.essay_graded" in await audit_actions(db, row.id)
    assert "Nothing is waiting" in (await world.run(world.instructor, ShowGradingQueue()))[0].text


async def test_a_low_essay_grade_fails_the_attempt(world: World) -> None:
    row = await take(world)
    await world.run(world.admin, GradeEssay(attempt_id=row.id, question_id="q4", points=1))
    done = await attempt(world.db, row.id)
    assert done.score is not None
    assert float(done.score) == 44.44
    assert done.is_passed is False
    assert done.answers["answers"][3]["is_correct"] is False


@pytest.mark.parametrize(("points", "message"), [(6, "between 0 and 5"), (-1, "between 0 and 5")])
async def test_points_outside_the_questions_range_are_refused(world: World, points: int, message: str) -> None:
    row = await take(world)
    with pytest.raises(InvalidInput, match=message):
        await world.run(world.instructor, GradeEssay(attempt_id=row.id, question_id="q4", points=points))
    assert (await attempt(world.db, row.id)).answers == row.answers


async def test_only_the_courses_instructor_or_an_admin_may_grade(world: World) -> None:
    row = await take(world)
    with pytest.raises(PermissionDenied):
        await world.run(world.other_instructor, GradeEssay(attempt_id=row.id, question_id="q4", points=5))
    with pytest.raises(PermissionDenied):
        await world.run(world.trainee, GradeEssay(attempt_id=row.id, question_id="q4", points=5))
    with pytest.raises(PermissionDenied):
        await world.run(world.trainee, ShowGradingQueue())
    after = await attempt(world.db, row.id)
    assert after.answers == row.answers
    assert after.graded_by is None
    assert "attempt.essay_graded" not in await audit_actions(world.db, row.id)


async def test_an_essay_is_graded_once_and_only_essays_are_graded(world: World) -> None:
    row = await take(world)
    await world.run(world.instructor, GradeEssay(attempt_id=row.id, question_id="q4", points=3))
    with pytest.raises(Conflict, match="already graded"):
        await world.run(world.instructor, GradeEssay(attempt_id=row.id, question_id="q4", points=5))
    with pytest.raises(Conflict, match="not an essay"):
        await world.run(world.instructor, GradeEssay(attempt_id=row.id, question_id="q1", points=1))
