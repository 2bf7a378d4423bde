"""Taking a quiz through the message bus: starting, resuming, one question at a time, answers kept, results."""

import asyncio

import pytest

from adapters.chat.codec import ActionCodec
from adapters.chat.phrases import full_grammar
from adapters.telegram.render import fits_a_poll
from domain.assessments.commands import AnswerQuestion, StartAttempt, SubmitAttempt
from domain.assessments.ids import short_id
from domain.errors import Conflict, InvalidInput, NotRegistered, PermissionDenied
from domain.messagebus import MessageBus
from domain.models import User
from domain.replies import Prompt
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.assessments.support import (
    QUESTIONS,
    Db,
    attempt,
    attempts,
    audit_actions,
    build_world,
    position_of,
    shown_position,
)


async def test_starting_a_quiz_makes_attempt_one_and_asks_its_first_question(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(max_attempts=3)

    replies = await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))

    [row] = await attempts(db, quiz.id)
    assert row.attempt_number == 1
    assert row.answers == {"answers": [], "order": ["q1", "q2", "q3"]}
    assert "attempt 1 of 3 started" in replies[0].text
    question = replies[1]
    assert "Question 1 of 3" in question.text
    assert "Which password is strongest?" in question.text
    assert [choice.label for choice in question.choices] == QUESTIONS[0]["options"]
    assert question.choices[2].command == AnswerQuestion(attempt_id=row.id, number=1, answer="2")
    assert await audit_actions(db, row.id) == ["attempt.started"]


async def test_every_answer_action_fits_telegram_callback_data(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    replies = await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    question = replies[1]
    assert question.quiz is not None
    assert question.quiz.native_poll
    assert question.quiz.options == QUESTIONS[0]["options"]
    [written] = full_grammar().with_actions([question])
    codec = ActionCodec(b"0123456789abcdef")  # refuses (ActionTooLong) beyond Telegram's 64 bytes
    assert all(codec.encode(choice.action, for_user="1001") for choice in written.choices)
    assert written.quiz is not None
    assert all(codec.encode(f"{written.quiz.answer_action}{n}", for_user="1001") for n in range(4))


async def test_starting_again_resumes_the_unfinished_attempt_at_its_next_question(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)
    await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="2"))

    replies = await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))

    assert len(await attempts(db, quiz.id)) == 1
    assert "unfinished attempt" in replies[0].text
    assert "Question 2 of 3" in replies[1].text


async def test_an_answer_is_stored_the_moment_it_arrives_with_the_next_question_in_reply(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)

    replies = await world.run(world.trainee, AnswerQuestion(attempt_id=short_id(row.id), number=1, answer="2"))

    stored = await attempt(db, row.id)
    assert stored.answers["answers"] == [{"question_id": "q1", "answer": 2, "is_correct": None, "points_earned": None}]
    assert stored.submitted_at is None
    assert replies[0].text.startswith("✅ Correct.")
    assert "Length beats complexity." in replies[0].text
    assert "Question 2 of 3" in replies[1].text
    assert await audit_actions(db, row.id) == ["attempt.started", "attempt.answered"]


async def test_answering_the_same_question_twice_keeps_the_first_answer_and_says_so(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)
    await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="0"))

    replies = await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="2"))

    assert "already answered question 1 (password1)" in replies[0].text
    assert "Question 2 of 3" in replies[1].text
    entries = (await attempt(db, row.id)).answers["answers"]
    assert [(e["question_id"], e["answer"]) for e in entries] == [("q1", 0)]
    assert (await audit_actions(db, row.id)).count("attempt.answered") == 1


async def test_a_double_tap_at_the_same_moment_stores_one_answer(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)

    await asyncio.gather(
        *(world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer=str(i))) for i in range(4))
    )

    entries = (await attempt(db, row.id)).answers["answers"]
    assert [e["question_id"] for e in entries] == ["q1"]


async def test_answering_the_last_question_submits_with_a_points_weighted_score(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(max_attempts=3, passing_score=70)
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)
    await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="2"))  # right, 2 points
    await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=2, answer="0"))  # True: wrong

    replies = await world.run(
        world.trainee, AnswerQuestion(attempt_id=row.id, number=3, answer="  Multi-Factor   AUTHENTICATION ")
    )

    done = await attempt(db, row.id)
    assert done.score is not None
    assert float(done.score) == 75.0
    assert done.is_passed is True
    assert done.submitted_at is not None
    assert done.time_taken is not None
    assert done.time_taken >= 0
    assert done.answers["answers"] == [
        {"question_id": "q1", "answer": 2, "is_correct": True, "points_earned": 2},
        {"question_id": "q2", "answer": True, "is_correct": False, "points_earned": 0},
        {"question_id": "q3", "answer": "Multi-Factor   AUTHENTICATION", "is_correct": True, "points_earned": 1},
    ]
    summary = replies[-1].text
    assert "Score: *75%* (pass mark 70%): passed" in summary
    assert "Attempts left: 2" in summary
    assert "Question 2: Phishing only happens by email. Your answer: True. Right answer: False." in summary
    assert await audit_actions(db, row.id) == ["attempt.started"] + ["attempt.answered"] * 3 + ["attempt.submitted"]


async def test_a_failed_attempt_offers_another_try_while_attempts_are_left(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(max_attempts=2, passing_score=90)
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)

    replies = await world.run(world.trainee, SubmitAttempt(attempt_id=row.id))

    done = await attempt(db, row.id)
    assert done.score is not None
    assert float(done.score) == 0
    assert done.is_passed is False
    assert [e["answer"] for e in done.answers["answers"]] == [None, None, None]
    assert "not passed" in replies[0].text
    assert "Attempts left: 1" in replies[0].text
    assert [b.command for b in replies[0].buttons] == [StartAttempt(assessment_id=quiz.id)]


async def test_no_attempt_beyond_max_attempts_starts(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(max_attempts=1)
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)
    await world.run(world.trainee, SubmitAttempt(attempt_id=row.id))

    with pytest.raises(Conflict, match="used all 1 attempts"):
        await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    assert len(await attempts(db, quiz.id)) == 1


async def test_concurrent_starts_never_make_more_attempts_than_allowed(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(max_attempts=3)
    for _ in range(2):
        await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
        await world.run(world.trainee, SubmitAttempt(attempt_id=(await attempts(db, quiz.id))[-1].id))
    buses = [MessageBus(PostgresUnitsOfWork(db), world.bus.handlers) for _ in range(6)]

    results = await asyncio.gather(
        *(bus.handle(world.trainee.id, world.organization_id, StartAttempt(assessment_id=quiz.id)) for bus in buses),
        return_exceptions=True,
    )

    rows = await attempts(db, quiz.id)
    assert [r.attempt_number for r in rows] == [1, 2, 3]
    assert not any(isinstance(result, BaseException) for result in results)
    assert sum("attempt 3 of 3 started" in result[0].text for result in results if isinstance(result, list)) == 1


async def test_concurrent_starts_after_the_last_attempt_are_all_refused(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(max_attempts=1)
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    await world.run(world.trainee, SubmitAttempt(attempt_id=(await attempts(db, quiz.id))[0].id))

    results = await asyncio.gather(
        *(world.run(world.trainee, StartAttempt(assessment_id=quiz.id)) for _ in range(4)), return_exceptions=True
    )

    assert all(isinstance(result, Conflict) for result in results)
    assert len(await attempts(db, quiz.id)) == 1


async def test_an_answer_to_a_submitted_attempt_is_told_the_question_is_closed(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)
    await world.run(world.trainee, SubmitAttempt(attempt_id=row.id))
    before = await attempt(db, row.id)

    with pytest.raises(Conflict, match="This question is closed"):
        await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="2"))
    assert (await attempt(db, row.id)).answers == before.answers


async def test_an_answer_to_a_quiz_of_an_archived_course_is_told_the_question_is_closed(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)
    async with db() as session:
        course = await session.merge(world.course)
        course.status = "archived"
        await session.commit()

    with pytest.raises(Conflict, match="no longer open"):
        await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="2"))
    assert (await attempt(db, row.id)).answers["answers"] == []


@pytest.mark.parametrize(
    ("number", "answer", "message"),
    [
        (1, "7", "choose one of the options"),
        (1, "x", "choose"),
        (2, "maybe", "True or False"),
        (3, "   ", "type an answer"),
        (9, "1", "no question 9"),
        (0, "1", "no question 0"),
    ],
)
async def test_an_answer_that_fits_no_option_is_refused_and_changes_nothing(
    db: Db, number: int, answer: str, message: str
) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)

    with pytest.raises(InvalidInput, match=message):
        await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=number, answer=answer))
    assert (await attempt(db, row.id)).answers["answers"] == []


async def test_no_one_else_can_answer_or_submit_a_trainees_attempt(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)

    for intruder in (world.other_trainee, world.instructor, world.admin):
        with pytest.raises(PermissionDenied, match="not yours"):
            await world.run(intruder, AnswerQuestion(attempt_id=row.id, number=1, answer="2"))
        with pytest.raises(PermissionDenied, match="not yours"):
            await world.run(intruder, SubmitAttempt(attempt_id=row.id))

    after = await attempt(db, row.id)
    assert after.answers["answers"] == []
    assert after.submitted_at is None
    assert await audit_actions(db, row.id) == ["attempt.started"]


async def test_someone_not_enrolled_cannot_start_the_quiz(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    with pytest.raises(Conflict, match="not enrolled"):
        await world.run(world.instructor, StartAttempt(assessment_id=quiz.id))
    assert await attempts(db, quiz.id) == []


async def test_a_quiz_of_an_unpublished_course_cannot_be_started(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    async with db() as session:
        course = await session.merge(world.course)
        course.status = "draft"
        await session.commit()
    with pytest.raises(Conflict, match="not open"):
        await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))


async def test_a_quiz_stored_with_invalid_questions_cannot_be_started(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment([{"id": "q1", "type": "multiple_choice", "question": "?", "options": ["a"]}])
    with pytest.raises(Conflict, match="set up wrongly"):
        await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    assert await attempts(db, quiz.id) == []


async def test_shuffled_options_are_shown_shuffled_and_stored_as_the_original_index(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(settings={"shuffle_options": True})
    replies = await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)
    permutation = row.answers["options"]["q1"]
    assert permutation != [0, 1, 2, 3]
    shown = [choice.label for choice in replies[1].choices]
    assert shown == [QUESTIONS[0]["options"][i] for i in permutation]

    position = shown_position(row, "q1", 2)  # where the right option ("correct horse ...") is shown
    feedback = await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer=str(position)))

    assert (await attempt(db, row.id)).answers["answers"][0]["answer"] == 2
    assert feedback[0].text.startswith("✅ Correct.")
    assert replies[1].quiz is not None
    assert replies[1].quiz.correct_option == position


async def test_shuffled_questions_are_asked_in_the_attempts_own_order(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(settings={"shuffle_questions": True})
    replies = await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)
    order = row.answers["order"]
    assert sorted(order) == ["q1", "q2", "q3"]
    assert order != ["q1", "q2", "q3"]
    first = next(q for q in QUESTIONS if q["id"] == order[0])
    assert first["question"] in replies[1].text
    assert position_of(row, order[0]) == 1


async def test_with_explanations_at_the_end_answers_get_no_verdict_until_the_summary(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment(settings={"show_explanation": "at_end", "show_correct_answers": "never"})
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)

    first = await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="0"))
    await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=2, answer="1"))
    last = await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=3, answer="mfa"))

    assert len(first) == 1
    assert "Question 2 of 3" in first[0].text
    summary = last[-1].text
    assert "Question 1: Which password is strongest? Your answer: password1. Length beats complexity." in summary
    assert "Right answer" not in summary
    start = await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    assert start[1].quiz is not None
    assert start[1].quiz.correct_option is None


async def test_a_deactivated_trainees_answer_is_refused_and_not_stored(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment()
    await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)
    async with db() as session:
        trainee = await session.get(User, world.trainee.id)
        assert trainee is not None
        trainee.is_active = False
        await session.commit()

    with pytest.raises(NotRegistered, match="deactivated"):
        await world.run(world.trainee, AnswerQuestion(attempt_id=row.id, number=1, answer="2"))
    assert (await attempt(db, row.id)).answers["answers"] == []
    assert await audit_actions(db, row.id) == ["attempt.started"]


async def test_a_question_too_long_for_a_telegram_poll_is_still_offered_as_choices(db: Db) -> None:
    world = await build_world(db)
    long_question = {**QUESTIONS[0], "question": "Why? " * 70}
    quiz = await world.assessment([long_question])
    replies = await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    assert replies[1].quiz is not None
    assert not fits_a_poll(replies[1].quiz)
    assert len(replies[1].choices) == 4


async def test_short_answers_and_essays_are_answered_by_the_next_free_text(db: Db) -> None:
    world = await build_world(db)
    quiz = await world.assessment([QUESTIONS[2]])
    replies = await world.run(world.trainee, StartAttempt(assessment_id=quiz.id))
    [row] = await attempts(db, quiz.id)
    assert replies[1].prompt == Prompt.of(AnswerQuestion, attempt_id=row.id, number=1)
    assert replies[1].choices == []
    assert replies[1].quiz is None
