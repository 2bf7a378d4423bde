"""The sample course tried as a new trainee and instructor would, on the console: no dead ends, no hidden ids."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tests.integration.chat.transcripts import ADA, IRENE, QUIZ_WITH_AN_ESSAY, TO_THE_QUIZ, TOM, Sample, sample


@pytest.fixture
async def acme(engine: AsyncEngine, db: async_sessionmaker[AsyncSession], tmp_path: Path) -> Sample:
    return await sample(engine, db, tmp_path)


async def test_a_stray_reply_to_a_quiz_question_stays_on_the_question_and_the_next_number_answers_it(
    acme: Sample,
) -> None:
    tom = acme.console(TOM)
    await tom.say(*TO_THE_QUIZ)
    assert "Which of these passwords is the strongest?" in await tom.say("1")

    for stray in ("9", "qwxz"):
        again = await tom.say(stray)
        assert f"“{stray}” is not one of the options. Pick a number from 1 to 4" in again, tom.transcript
        assert "[1] P@ssw0rd!" in again
        assert "[4] qwerty123456" in again
        assert "Courses" not in again

    answered = await tom.say("1")
    assert "Not quite" in answered, tom.transcript
    assert "Question 2 of 5" in answered


async def test_a_quiz_question_is_answered_by_typing_its_option_words_or_number(acme: Sample) -> None:
    tom = acme.console(TOM)
    await tom.say(*TO_THE_QUIZ, "1")

    assert "Correct" in await tom.say("  COPPER-lantern "), tom.transcript
    true_false = await tom.say("maybe")
    assert "“maybe” is not one of the options. Pick 1 (True) or 2 (False)" in true_false, tom.transcript
    assert "Correct" in await tom.say("false"), tom.transcript
    assert "Correct" in await tom.say("3"), tom.transcript  # Report it as phishing, typed rather than pressed
    assert "Question 4 of 5" in tom.lines[-2]


async def test_an_instructor_grades_an_essay_by_a_points_button_and_a_wrong_reply_is_explained_in_words(
    acme: Sample,
) -> None:
    await acme.console(TOM).say(*TO_THE_QUIZ, *QUIZ_WITH_AN_ESSAY)
    irene = acme.console(IRENE)

    queue = await irene.say("grading")
    assert "[1] 0 points" in queue, irene.transcript
    assert "[3] 2 points" in queue
    assert "ATTEMPT" not in queue
    for wrong in ("gibberish", "grade 1 5 2"):
        said = await irene.say(wrong)
        assert "Please start your reply with the points (a number, e.g. 2)" in said, irene.transcript
        assert "Usage" not in said
    await irene.say("help")
    by_hand = await irene.say("grade 1 5 2")
    assert "To grade an essay answer, type grading and reply to the answer shown" in by_hand, irene.transcript

    await irene.say("grading")
    assert "Graded: 2 of 2 points" in await irene.say("3"), irene.transcript


async def test_a_reply_to_the_grading_prompt_grades_the_first_answer_shown(acme: Sample) -> None:
    await acme.console(TOM).say(*TO_THE_QUIZ, *QUIZ_WITH_AN_ESSAY)
    irene = acme.console(IRENE)
    await irene.say("grading")
    assert "Graded: 1 of 2 points" in await irene.say("1 Name the warning signs too"), irene.transcript


async def test_times_are_shown_in_the_organizations_time_zone_with_the_zone_named(
    acme: Sample, db: async_sessionmaker[AsyncSession]
) -> None:
    tom = acme.console(TOM)
    await tom.say(*TO_THE_QUIZ, *QUIZ_WITH_AN_ESSAY, "assignments", "1", "I turned on MFA and moved my passwords.")
    async with db() as session:
        essay = await session.scalar(text("SELECT submitted_at FROM assessment_attempts"))
        work = await session.scalar(text("SELECT submitted_at FROM assignment_submissions"))
    berlin = ZoneInfo("Europe/Berlin")  # samples/organizations/acme.yaml
    assert essay is not None
    assert work is not None

    def shown(moment: datetime) -> str:
        local = moment.astimezone(berlin)
        return f"{local.day} {local:%b %Y, %H:%M} {local.tzname()}"

    irene = acme.console(IRENE)
    assert f"submitted {shown(essay)}" in await irene.say("grading"), irene.transcript
    assert f"submitted {shown(work)}" in await irene.say("submissions"), irene.transcript
    assert f"Submitted {shown(work)}" in await tom.say("assignments"), tom.transcript


async def test_adding_someone_already_there_offers_to_update_them_in_chat(
    acme: Sample, db: async_sessionmaker[AsyncSession]
) -> None:
    ada = acme.console(ADA)
    offer = await ada.say("adduser ACME-0101 tom.trainee@acme.example Thomas Trainee")
    assert "Tom Trainee is already here (tom.trainee@acme.example, employee_id 'ACME-0101', trainee)" in offer
    assert "learnbot" not in offer, ada.transcript
    assert "Reply yes to update them" in await ada.say("no"), ada.transcript
    assert "Updated Thomas Trainee (tom.trainee@acme.example, trainee)." in await ada.say("yes"), ada.transcript
    async with db() as session:
        names = await session.scalars(text("SELECT first_name FROM users WHERE employee_id = 'ACME-0101'"))
        assert list(names) == ["Thomas"]


async def test_report_quiz_lists_the_quizzes_to_pick_and_takes_the_key_the_title_or_a_button(acme: Sample) -> None:
    await acme.console(TOM).say(*TO_THE_QUIZ, *QUIZ_WITH_AN_ESSAY)
    irene = acme.console(IRENE)

    which = await irene.say("report quiz")
    assert "Which quiz?" in which, irene.transcript
    assert "Quiz: passwords, MFA and phishing (SEC-101): report quiz security-basics-quiz" in which
    assert "[1] Quiz: passwords, MFA and phishing" in which
    assert "1 submitted attempt by 1 trainee" in await irene.say("1"), irene.transcript
    assert "1 submitted attempt by 1 trainee" in await irene.say("report quiz security-basics-quiz")
    assert "1 submitted attempt by 1 trainee" in await irene.say("report quiz quiz: PASSWORDS, mfa and phishing")
    assert "1 submitted attempt by 1 trainee" in await irene.say("report quiz phishing")  # words of one title
    assert "None of your courses has a quiz called “firewalls”" in await irene.say("report quiz firewalls")


async def test_work_that_looks_accidental_is_handed_in_only_once_confirmed_and_can_be_replaced_until_graded(
    acme: Sample, db: async_sessionmaker[AsyncSession]
) -> None:
    tom = acme.console(TOM)
    await tom.say("courses", "1", "assignments", "1")

    asked = await tom.say("1")
    assert "“1” looks too short to be your work for Secure your own accounts, so I have not handed it in" in asked
    assert "[1] Hand in “1”" in asked, tom.transcript
    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM assignment_submissions")) == 0

    handed_in = await tom.say("I turned on MFA and moved my passwords.")
    assert "Submitted Secure your own accounts. You can replace it until it is graded" in handed_in, tom.transcript

    await tom.say("assignments", "1")
    await tom.say("ok")
    assert "Replaced your submission for Secure your own accounts" in await tom.say("1"), tom.transcript
    async with db() as session:
        work = await session.scalar(text("SELECT submission_text FROM assignment_submissions"))
    assert work == "ok"


async def test_quiz_says_where_the_trainee_stands_and_offers_a_retake_only_where_it_makes_sense(acme: Sample) -> None:
    tom = acme.console(TOM)
    await tom.say(*TO_THE_QUIZ, *QUIZ_WITH_AN_ESSAY)

    mine = await tom.say("quiz")
    assert "Your quizzes" in mine, tom.transcript
    assert "Quiz: passwords, MFA and phishing (SEC-101): waiting for an instructor to grade" in mine
    assert "· quiz security-basics-quiz" in mine
    waiting = await tom.say("quiz security-basics-quiz")
    assert "waiting for an instructor to grade your essay answers" in waiting, tom.transcript
    assert "attempt 2" not in waiting
    assert "[1]" not in waiting
    item = await tom.say("continue")
    assert "Your attempt is waiting for an instructor to grade its essay answers" in item, tom.transcript
    assert "Start the quiz" not in item

    irene = acme.console(IRENE)
    await irene.say("grading", "3")  # 2 of 2 points: 5 of 6 points in all

    passed = await tom.say("quiz phishing")
    assert "Quiz: passwords, MFA and phishing: passed with 83.33%" in passed, tom.transcript
    assert "[1] Take it again (attempt 2 of 3)" in passed
    assert "attempt 2 of 3 started" in await tom.say("1"), tom.transcript


async def test_an_attempt_that_cannot_pass_even_with_full_essay_marks_says_so_and_offers_a_retry(acme: Sample) -> None:
    tom = acme.console(TOM)
    await tom.say(*TO_THE_QUIZ, "1", "1", "1", "1", "a notebook")
    summary = await tom.say("An odd email.")
    assert "even full marks there bring this attempt to 33.33% at most, below the pass mark" in summary, tom.transcript
    assert "you will get your score then" not in summary
    assert "[1] Try again" in summary
    assert "attempt 2 of 3 started" in await tom.say("1"), tom.transcript


async def test_an_assignment_is_opened_by_words_of_its_title_and_help_asks_for_nothing_hidden(acme: Sample) -> None:
    tom = acme.console(TOM)
    await tom.say("courses", "1")
    opened = await tom.say("assignment secure your")
    assert "Secure your own accounts (SEC-101), no due date, max score 10." in opened, tom.transcript
    assert "None of your courses has an assignment called “essay”" in await tom.say("assignment essay")
    shown = await tom.say("help")
    for hidden in ("ID", "ATTEMPT", "SUBMISSION"):
        assert hidden not in shown, shown


async def test_the_inbox_shows_when_a_message_came_in_the_organizations_zone(
    acme: Sample, db: async_sessionmaker[AsyncSession]
) -> None:
    await acme.console(TOM).say("courses", "1", "message SEC-101 I cannot open module 2.")
    async with db() as session:
        sent = await session.scalar(text("SELECT created_at FROM messages"))
    assert sent is not None
    local = sent.astimezone(ZoneInfo("Europe/Berlin"))
    irene = acme.console(IRENE)
    assert f"Tom Trainee, {local.day} {local:%b %Y, %H:%M} {local.tzname()}:" in await irene.say("inbox"), (
        irene.transcript
    )
