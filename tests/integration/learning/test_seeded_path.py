"""A course written straight into the seed tables: its assessments and assignments, linked by module_id or to
the course alone, are offered on the path and lead to completion; optional ones are offered, never block."""

import json
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text

from domain.assessments.commands import AnswerQuestion, GradeAssignment, StartAttempt, SubmitAssignment
from domain.assessments.handlers import HANDLERS as ASSESSMENT_HANDLERS
from domain.events import CourseCompleted, Event
from domain.learning import EVENT_HANDLERS, HANDLERS, CompleteItem, ContinueCourse, Enroll
from domain.messagebus import Context, EventHandler, MessageBus
from domain.models import AssignmentSubmission, Enrollment
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.learning.world import Sessions, World, add, world
from tests.support.buttons import action_line, answer_line, prompt_line
from tests.support.seeded_course import CODE, SeededCourse, seed_course


class Path:
    """The trainee and the instructor of a seeded course, talking to every engine area through one bus."""

    def __init__(self, w: World, seeded: SeededCourse) -> None:
        self.w, self.seeded = w, seeded
        self.completed: list[CourseCompleted] = []

        async def record(ctx: Context, completed: CourseCompleted) -> None:
            self.completed.append(completed)

        events: dict[type[Event], list[EventHandler]] = {**EVENT_HANDLERS, CourseCompleted: [record]}
        self.bus = MessageBus(PostgresUnitsOfWork(w.db), {**HANDLERS, **ASSESSMENT_HANDLERS}, events)

    async def trainee(self, command: Any) -> list[Reply]:
        return await self.bus.handle(self.w.trainee.id, self.w.org.id, command)

    async def instructor(self, command: Any) -> list[Reply]:
        return await self.bus.handle(self.w.instructor.id, self.w.org.id, command)

    async def take_quiz(self, assessment_id: uuid.UUID, answer: str) -> list[Reply]:
        """Start the quiz and answer its one question."""
        started = await self.trainee(StartAttempt(assessment_id=assessment_id))
        actions = [
            action
            for reply in started
            for action in [
                prompt_line(reply),
                answer_line(reply),
                *[action_line(b) for b in [*reply.buttons, *reply.choices]],
            ]
            if action and action.startswith("answer ")
        ]
        attempt_id = actions[0].split()[1]
        return await self.trainee(AnswerQuestion(attempt_id=attempt_id, number=1, answer=answer))

    async def status(self) -> tuple[str, float]:
        async with self.w.db() as session:
            found = await session.scalar(
                select(Enrollment).where(
                    Enrollment.trainee_id == self.w.trainee.id, Enrollment.course_id == self.seeded.course_id
                )
            )
        assert found is not None
        return str(found.status), float(found.progress_percentage or 0)


async def seeded_path(db: Sessions) -> Path:
    w = await world(db, layout=(1,))
    seeded = await add(db, lambda s: seed_course(s, w.org.id, w.instructor.id))
    return Path(w, seeded)


def actions(reply: Reply) -> list[str]:
    return [action_line(button) for button in reply.buttons]


async def test_a_seeded_course_offers_module_and_course_assessments_and_assignments_in_order_and_completes(
    db: Sessions,
) -> None:
    p = await seeded_path(db)
    s = p.seeded
    await p.trainee(Enroll(course_code=CODE))
    for _ in range(2):
        [item] = await p.trainee(ContinueCourse(course_code=CODE))
        assert item.text.startswith(("*Why safety*", "*Locks*"))
        await p.trainee(CompleteItem())

    [check] = await p.trainee(ContinueCourse(course_code=CODE))
    assert check.text.startswith("*Basics check*\n\nTo finish *Basics*.")
    assert actions(check) == [f"quiz {s.basics_check}"]
    assert check.buttons[0].label == "Take the quiz: Basics check"
    passed = await p.take_quiz(s.basics_check, "0")  # True
    assert "passed" in passed[-1].text.lower()

    [survey] = await p.trainee(ContinueCourse(course_code=CODE))
    assert survey.text.startswith("*Basics survey* _optional_")
    assert [b.label for b in survey.buttons] == ["Take the quiz: Basics survey", "Skip"]
    [practice] = await p.trainee(ContinueCourse.model_validate({"course_code": CODE, "after": s.basics_survey}))
    assert practice.text.startswith("*Practice at work*")
    [again] = await p.trainee(ContinueCourse(course_code=CODE))
    assert again.text.startswith("*Practice at work*"), "the skipped optional quiz is passed over"
    await p.trainee(CompleteItem())

    [report] = await p.trainee(ContinueCourse(course_code=CODE))
    assert report.text.startswith("*Practice report*\n\nTo finish *Practice*.")
    assert report.buttons[0].label == "Submit the assignment: Practice report"
    await p.trainee(SubmitAssignment(assignment_id=s.practice_report, text="I lock my screen now."))

    [exam] = await p.trainee(ContinueCourse(course_code=CODE))
    assert exam.text.startswith("*Final exam*\n\nTo finish the course.")
    assert actions(exam) == [f"quiz {s.final_exam}"]
    await p.take_quiz(s.final_exam, "Safety")

    [capstone] = await p.trainee(ContinueCourse(course_code=CODE))
    assert capstone.text.startswith("*Optional capstone*\n")  # its title already says optional
    [waiting] = await p.trainee(ContinueCourse.model_validate({"course_code": CODE, "after": s.capstone}))
    assert waiting.text.splitlines() == [
        "You have finished every module of *Seeded Safety*. Still to do to complete it:",
        "- *Practice report*: waiting for grading",
        "Still open to you, if you like:",
        "- *Basics survey* (optional): take the quiz",
        "- *Optional capstone*: submit the assignment",
    ]
    assert [b.label for b in waiting.buttons] == [
        "Wait for grading: Practice report",
        "Take the quiz: Basics survey",
        "Submit the assignment: Optional capstone",
        "My learning",
    ]
    assert await p.status() == ("in_progress", 100)
    assert p.completed == []

    async with db() as session:
        submission = await session.scalar(
            select(AssignmentSubmission.id).where(AssignmentSubmission.assignment_id == s.practice_report)
        )
    await p.instructor(GradeAssignment(submission_id=submission, score=Decimal(8)))
    assert await p.status() == ("completed", 100)
    assert len(p.completed) == 1


async def test_optional_assessments_and_assignments_never_block_completion(db: Sessions) -> None:
    p = await seeded_path(db)
    s = p.seeded
    await p.trainee(Enroll(course_code=CODE))
    for _ in range(2):
        await p.trainee(ContinueCourse(course_code=CODE))
        await p.trainee(CompleteItem())
    await p.take_quiz(s.basics_check, "0")
    await p.take_quiz(s.final_exam, "safety")
    await p.trainee(ContinueCourse(course_code=CODE))  # the optional survey
    await p.trainee(ContinueCourse.model_validate({"course_code": CODE, "after": s.basics_survey}))
    await p.trainee(CompleteItem())
    await p.trainee(SubmitAssignment(assignment_id=s.practice_report, text="Done it."))
    async with db() as session:
        submission = await session.scalar(select(AssignmentSubmission.id))
    await p.instructor(GradeAssignment(submission_id=submission, score=Decimal(5)))
    assert await p.status() == ("completed", 100)
    [done] = await p.trainee(ContinueCourse(course_code=CODE))
    assert done.text == "You have completed *Seeded Safety*. Well done!"
    assert [b.label for b in done.buttons] == ["Submit the assignment: Optional capstone", "My learning"]


async def test_a_required_quiz_not_passed_yet_is_offered_again_before_the_next_module(db: Sessions) -> None:
    p = await seeded_path(db)
    await p.trainee(Enroll(course_code=CODE))
    for _ in range(2):
        await p.trainee(ContinueCourse(course_code=CODE))
        await p.trainee(CompleteItem())
    await p.take_quiz(p.seeded.basics_check, "1")  # False: not passed
    [retry] = await p.trainee(ContinueCourse(course_code=CODE))
    assert retry.text.startswith("*Basics check*")
    assert "_not passed yet: try again_" in retry.text
    assert actions(retry) == [f"quiz {p.seeded.basics_check}"]


async def test_a_quiz_item_that_points_at_an_assessment_keeps_it_off_the_steps(db: Sessions) -> None:
    p = await seeded_path(db)
    linked = {"assessment_id": str(p.seeded.basics_check)}
    await add(
        db,
        lambda s: s.execute(
            text("""INSERT INTO content (module_id, content_type, title, "order", content_data)
                    VALUES (:m, 'quiz', 'Check yourself', 3, CAST(:data AS jsonb))"""),
            {"m": p.seeded.modules[0], "data": json.dumps(linked)},
        ),
    )
    await p.trainee(Enroll(course_code=CODE))
    for _ in range(2):
        await p.trainee(ContinueCourse(course_code=CODE))
        await p.trainee(CompleteItem())
    [item] = await p.trainee(ContinueCourse(course_code=CODE))
    assert item.text.startswith("*Check yourself*")
    await p.take_quiz(p.seeded.basics_check, "0")
    [survey] = await p.trainee(ContinueCourse(course_code=CODE))
    assert survey.text.startswith("*Basics survey*"), "the passed quiz is not offered again as a step"


async def test_a_required_quiz_with_no_attempts_left_no_longer_stops_the_path_and_is_listed(db: Sessions) -> None:
    p = await seeded_path(db)
    await add(
        db,
        lambda s: s.execute(
            text("UPDATE assessments SET max_attempts = 1 WHERE id = :id"), {"id": p.seeded.basics_check}
        ),
    )
    await p.trainee(Enroll(course_code=CODE))
    for _ in range(2):
        await p.trainee(ContinueCourse(course_code=CODE))
        await p.trainee(CompleteItem())
    await p.take_quiz(p.seeded.basics_check, "1")  # False: not passed, and no attempt left
    await p.trainee(ContinueCourse(course_code=CODE))  # the optional survey
    [practice] = await p.trainee(ContinueCourse.model_validate({"course_code": CODE, "after": p.seeded.basics_survey}))
    assert practice.text.startswith("*Practice at work*")
    [done] = await p.trainee(CompleteItem())
    assert "- *Basics check*: no attempts left: ask your instructor" in done.text.splitlines()
    assert "Where it stands: Basics check" in [b.label for b in done.buttons]
