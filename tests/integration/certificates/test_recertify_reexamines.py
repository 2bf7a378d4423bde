"""Recertifying re-examines: the earlier round's quiz attempts and graded work stay as history but count no more,
for completion or for max_attempts; the second certificate comes only when the trainee has passed again."""

import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.bootstrap import build_services
from bot.settings import Settings
from domain.assessments.commands import (
    AnswerQuestion,
    GradeAssignment,
    GradeEssay,
    ListQuizzes,
    StartAttempt,
    SubmitAssignment,
)
from domain.certificates import Recertify
from domain.certificates.records import by_token
from domain.errors import Conflict
from domain.learning import CompleteItem, ContinueCourse, Enroll
from domain.models import AssessmentAttempt, AuditLog, Enrollment
from domain.replies import Reply
from tests.integration.assessments.support import Db, World, attempts, submissions
from tests.integration.assessments.test_essays import QUIZ_WITH_ESSAY
from tests.integration.certificates.support import PUBLIC_URL, certificates
from tests.integration.certificates.test_certificate_deliveries import certified_world, quiz_item
from tests.integration.learning.test_seeded_path import seeded_path
from tests.support.seeded_course import CODE


async def status(db: Db, enrollment_id: uuid.UUID) -> str:
    async with db() as session:
        enrollment = await session.get(Enrollment, enrollment_id)
        assert enrollment is not None
        return str(enrollment.status)


async def take(world: World, essay_points: int) -> list[Reply]:
    """Start the essay quiz, answer it (q1, q2 right, q3 wrong) and have the essay graded: 5 points pass, 0 fail."""
    started = await world.run(world.trainee, StartAttempt(assessment_id=world.quiz_id))
    row = next(r for r in await attempts(world.db, world.quiz_id) if r.submitted_at is None)
    for number, answer in ((1, "2"), (2, "1"), (3, "no idea"), (4, "A fake bank email.")):
        await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=number, answer=answer))
    await world.run(world.instructor, GradeEssay(attempt_id=row.id, question_id="q4", points=Decimal(essay_points)))
    return started


async def hand_in_and_grade(world: World, assignment_id: uuid.UUID, score: int) -> list[Reply]:
    said = await world.run(world.trainee, SubmitAssignment(assignment_id=assignment_id, text="My policy, in full."))
    [row] = await submissions(world.db, assignment_id)
    await world.run(world.instructor, GradeAssignment(submission_id=row.id, score=Decimal(score)))
    return said


async def test_after_recertifying_the_course_completes_only_once_the_quiz_is_passed_and_the_work_graded_again(
    db: Db, tmp_path: Path
) -> None:
    world = await certified_world(db, tmp_path)
    world.quiz_id = (await world.assessment(QUIZ_WITH_ESSAY, passing_score=70, max_attempts=2, title="Phishing")).id
    await quiz_item(world, world.quiz_id)
    policy = await world.assignment(max_score=20, title="Policy")
    await take(world, essay_points=0)  # 3 of 9 points: not passed
    await take(world, essay_points=5)  # 8 of 9: passed, both attempts used
    await hand_in_and_grade(world, policy.id, 15)
    [first] = await certificates(db)
    assert await status(db, world.enrollment_id) == "completed"

    [said] = await world.run(world.trainee, Recertify(course_code=world.course.course_code))
    assert said.text.startswith("🔁 You are enrolled in *")

    started = await take(world, essay_points=0)
    assert "*Phishing*: attempt 1 of 2 started." in started[0].text, "the earlier round's two attempts count no more"
    assert await status(db, world.enrollment_id) == "enrolled"
    started = await take(world, essay_points=4)  # 7 of 9: passed, with a lower score than the first round's
    assert "*Phishing*: attempt 2 of 2 started." in started[0].text
    assert await status(db, world.enrollment_id) == "in_progress", "the policy is not graded in this round yet"
    assert len(await certificates(db)) == 1
    with pytest.raises(Conflict, match=r"You have used all 2 attempts at \*Phishing\*"):
        await world.run(world.trainee, StartAttempt(assessment_id=world.quiz_id, again=True))

    [saved] = await hand_in_and_grade(world, policy.id, 14)
    assert saved.text.startswith("Submitted *Policy*.")
    assert await status(db, world.enrollment_id) == "completed"
    old, new = await certificates(db)
    assert old.id == first.id
    assert old.renewed_at is not None
    assert new.certificate_number != first.certificate_number
    scores = {}
    async with world.bus.units.open(organization_id=world.organization_id) as uow:
        for certificate in (old, new):
            record = await by_token(uow, certificate.verification_token)
            assert record is not None
            scores[certificate.id] = record.score
    assert (scores[old.id], scores[new.id]) == (Decimal(89), Decimal(78)), "each certificate shows its round's score"

    # History stays: all four attempts (the first two marked superseded), and the earlier grade in the audit log.
    rows = sorted(await attempts(db, world.quiz_id), key=lambda row: row.attempt_number)
    assert [r.attempt_number for r in rows] == [1, 2, 3, 4]
    assert [r.superseded_at is not None for r in rows] == [True, True, False, False]
    [submission] = await submissions(db, policy.id)
    assert (submission.score, submission.superseded_at) == (Decimal(14), None)
    async with db() as session:
        replaced = await session.scalar(
            select(AuditLog.changes).where(
                AuditLog.entity_id == submission.id, AuditLog.action == "submission.replaced"
            )
        )
    assert replaced is not None
    assert Decimal(replaced["before"]["score"]) == 15
    assert replaced["before"]["status"] == "graded"


async def test_a_quiz_passed_before_recertifying_neither_completes_its_item_nor_the_course(
    db: Db, tmp_path: Path
) -> None:
    world = await certified_world(db, tmp_path)
    world.quiz_id = (await world.assessment(QUIZ_WITH_ESSAY, passing_score=70, title="Phishing")).id
    await quiz_item(world, world.quiz_id)
    await take(world, essay_points=5)
    assert await status(db, world.enrollment_id) == "completed"
    await world.run(world.trainee, Recertify(course_code=world.course.course_code))

    [shown] = await world.run(world.trainee, ContinueCourse(course_code=world.course.course_code))
    assert "Start the quiz" in [b.label for b in shown.buttons], "no attempt of this round yet"
    [refused] = await world.run(world.trainee, CompleteItem())
    assert refused.text.endswith("is done when you pass its quiz."), refused.text
    [listed] = await world.run(world.trainee, ListQuizzes())
    assert "not taken yet" in listed.text.lower()
    assert await status(db, world.enrollment_id) == "in_progress"
    assert len(await certificates(db)) == 1


async def test_a_course_seeded_by_sql_is_examined_again_after_recertifying(db: Db, tmp_path: Path) -> None:
    p = await seeded_path(db)
    s = p.seeded
    async with db() as session, session.begin():
        await session.execute(text("UPDATE courses SET is_certified = true WHERE id = :id"), {"id": s.course_id})
        await session.execute(text("UPDATE assessments SET max_attempts = 1 WHERE id = :id"), {"id": s.basics_check})
    settings = Settings(data_dir=tmp_path, public_url=PUBLIC_URL, secret_key="certificate-test-secret")
    p.bus = build_services(settings, db).bus

    async def through_the_course() -> None:
        for item in s.items:
            await p.trainee(CompleteItem(content_id=item))
        passed = await p.take_quiz(s.basics_check, "0")
        assert "passed" in passed[-1].text.lower(), passed[-1].text
        await p.take_quiz(s.final_exam, "Safety")

    async def report_graded(score: int) -> list[Reply]:
        said = await p.trainee(SubmitAssignment(assignment_id=s.practice_report, text="I lock my screen now."))
        async with db() as session:
            submission = await session.scalar(
                text("SELECT id FROM assignment_submissions WHERE assignment_id = :id"), {"id": s.practice_report}
            )
        await p.instructor(GradeAssignment(submission_id=submission, score=Decimal(score)))
        return said

    await p.trainee(Enroll(course_code=CODE))
    await through_the_course()
    await report_graded(8)
    assert (await p.status())[0] == "completed"
    [first] = await certificates(db)

    await p.trainee(Recertify(course_code=CODE))
    await through_the_course()  # the check's one attempt is allowed again

    assert (await p.status()) == ("in_progress", 100)
    [waiting] = await p.trainee(ContinueCourse(course_code=CODE))
    assert waiting.text.startswith("*Practice report*"), waiting.text
    assert len(await certificates(db)) == 1
    [saved] = await report_graded(9)
    assert saved.text.startswith("Submitted *Practice report*.")
    assert (await p.status())[0] == "completed"
    old, new = await certificates(db)
    assert old.id == first.id
    assert new.id != first.id
    async with db() as session:
        checks = (
            await session.scalars(
                select(AssessmentAttempt.superseded_at)
                .where(AssessmentAttempt.assessment_id == s.basics_check)
                .order_by(AssessmentAttempt.attempt_number)
            )
        ).all()
    assert [at is not None for at in checks] == [True, False]
