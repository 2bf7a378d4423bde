"""The console, scripted through stdin of `python -m bot.cli chat --as ...`: a trainee learns the sample course."""

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.chat import texts
from bot.commands.demo import load_samples
from bot.runtime import Database
from tests.support.databases import dsn
from tests.support.seeded_course import SeededCourse, seed_course

TOM = "tom.trainee@acme.example"
IRENE = "irene.instructor@acme.example"
ITEMS_BEFORE_THE_QUIZ = 8  # module 1 has five items, module 2 three before its quiz


def chat_as(email: str, lines: list[str], database_url: URL, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": dsn(database_url),
        "LEARNBOT_DATA_DIR": str(data_dir),
        "LEARNBOT_SECRET_KEY": "a-test-secret-key-of-enough-length",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--as", email],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def demo_as(email: str, port: int, database_url: URL, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": dsn(database_url),
        "LEARNBOT_DATA_DIR": str(data_dir),
        "LEARNBOT_SECRET_KEY": "a-test-secret-key-of-enough-length",
        "LEARNBOT_PORT": str(port),
    }
    env.pop("LEARNBOT_PUBLIC_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--as", email],
        input="",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


async def run(email: str, lines: list[str], database_url: URL, data_dir: Path) -> str:
    result = await asyncio.to_thread(chat_as, email, lines, database_url, data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert not any(line.startswith("> ") for line in result.stdout.splitlines()), "no prompts when piped"
    return result.stdout


async def test_a_trainee_browses_enrolls_steps_through_the_course_takes_the_quiz_hands_in_and_completes_it(
    db: async_sessionmaker[AsyncSession], engine: AsyncEngine, database_url: URL, tmp_path: Path
) -> None:
    await load_samples(Database(engine, db, embedded=False))

    stepping = ["1", "1"] * ITEMS_BEFORE_THE_QUIZ  # Done, Continue
    answers = [
        "3",
        "2",
        "3",
        "  a Password   Manager ",
        "An urgent invoice from a look-alike sender; I would report it.",
    ]
    learning = await run(TOM, ["courses", "1", "1", *stepping, "1", *answers], database_url, tmp_path)

    assert "Information Security Basics (SEC-101)" in learning
    assert "[1] Enroll in SEC-101" in learning
    assert "You are enrolled in Information Security Basics" in learning
    assert "Done: What makes a password strong." in learning
    assert "Link: Watch the video (3 min) — https://example.com/videos/mfa-explained.mp4" in learning
    assert "Document: password-and-mfa-policy.pdf" in learning
    assert "— SEC-101 · Module 1/3 · Item 1/5 · 0% done" in learning
    assert "Question 1 of 5" in learning
    assert "[3] copper-lantern-velvet-orbit" in learning
    assert "(type your answer)" in learning
    assert "1 essay answer must be graded by an instructor" in learning
    assert "What was wrong" not in learning

    grading = await run(IRENE, ["grading", "2 Clear and complete"], database_url, tmp_path)
    assert "Graded: 2 of 2 points" in grading
    assert "100%, passed" in grading

    handing_in = await run(TOM, ["assignments", "1", "I turned on MFA and moved my passwords."], database_url, tmp_path)
    assert "Submitted" in handing_in
    graded = await run(IRENE, ["submissions", "9 Good work"], database_url, tmp_path)
    assert "Graded Secure your own accounts for Tom Trainee: 9 of 10" in graded

    finishing = await run(TOM, ["continue SEC-101", "1", "1", "1", "1", "1", "1", "1"], database_url, tmp_path)
    assert "Module complete: Handling data safely." in finishing
    assert "You have completed Information Security Basics. Congratulations!" in finishing

    async with db() as session:
        status, progress = (await session.execute(text("SELECT status, progress_percentage FROM enrollments"))).one()
        token = await session.scalar(text("SELECT verification_token FROM certificates"))
    assert (status, progress) == ("completed", 100)
    assert "Your certificate for Information Security Basics is ready" in finishing
    assert f"/certificates/{token}" in finishing

    # The demo ends with the link (and serves the page while it runs; LEARNBOT_PORT picks where).
    port = free_port()
    demo = await asyncio.to_thread(demo_as, TOM, port, database_url, tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.rstrip().endswith(f"Your certificate: http://127.0.0.1:{port}/certificates/{token}")
    assert f"Certificate pages are served at http://127.0.0.1:{port}/certificates/..." in demo.stderr


async def test_an_unknown_console_user_is_refused_with_the_not_registered_message(
    db: async_sessionmaker[AsyncSession], database_url: URL, tmp_path: Path
) -> None:
    result = await asyncio.to_thread(chat_as, "nobody@nowhere.example", ["help"], database_url, tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert texts.NOT_REGISTERED in result.stderr


async def test_garbage_and_oversized_lines_get_friendly_answers_and_the_session_goes_on(
    db: async_sessionmaker[AsyncSession], engine: AsyncEngine, database_url: URL, tmp_path: Path
) -> None:
    await load_samples(Database(engine, db, embedded=False))

    output = await run(TOM, ["\x00\x01 ###", "x" * 4500, "enroll", "9", "my"], database_url, tmp_path)

    # The console keeps \x01 for its own use (marking literal text), so it never shows one typed.
    assert texts.NOT_UNDERSTOOD.format(typed=" ###") in output
    assert "That message is too long for me (4,500 characters; the limit is 4,000)" in output
    assert "Usage: enroll CODE, e.g. enroll SEC-101" in output
    assert "My learning" in output


async def seed_into_acme(db: async_sessionmaker[AsyncSession]) -> SeededCourse:
    async with db() as session, session.begin():
        org_id, instructor_id = (
            await session.execute(text("SELECT organization_id, id FROM users WHERE email = :email"), {"email": IRENE})
        ).one()
        return await seed_course(session, org_id, instructor_id)


async def test_a_course_seeded_by_sql_offers_its_quizzes_and_assignments_on_the_way_and_completes(
    db: async_sessionmaker[AsyncSession], engine: AsyncEngine, database_url: URL, tmp_path: Path
) -> None:
    await load_samples(Database(engine, db, embedded=False))
    await seed_into_acme(db)

    through_module_1 = ["enroll SEED-201", "continue SEED-201", "done", "continue", "done", "continue"]
    check, skip_survey, module_2 = ["1", "1"], ["continue", "2"], ["done"]
    report = ["continue", "1", "I lock my screen now."]
    exam, skip_capstone = ["continue", "1", "Safety"], ["continue", "2"]
    lines = [*through_module_1, *check, *skip_survey, *module_2, *report, *exam, *skip_capstone]
    learning = await run(TOM, lines, database_url, tmp_path)

    assert "Basics check\n\nTo finish Basics.\n\nThis is a quiz." in learning
    assert "  [1] Take the quiz: Basics check\n" in learning
    assert "Score: 100% (pass mark 100%): passed" in learning
    assert "Basics survey optional\n\n" in learning
    assert "  [1] Take the quiz: Basics survey\n  [2] Skip\n" in learning
    assert "Practice report\n\nTo finish Practice." in learning
    assert "Submitted Practice report." in learning
    assert "Final exam\n\nTo finish the course." in learning
    assert "Optional capstone\n\nTo finish the course." in learning  # its title says optional: not twice
    waiting = learning[learning.rindex("You have finished every module of Seeded Safety") :]
    assert waiting.splitlines()[:6] == [
        "You have finished every module of Seeded Safety. Still to do to complete it:",
        "• Practice report: waiting for grading",
        "Still open to you, if you like:",
        "• Basics survey (optional): take the quiz",
        "• Optional capstone: submit the assignment",
        "  [1] Wait for grading: Practice report",
    ]

    graded = await run(IRENE, ["submissions", "8 Clear"], database_url, tmp_path)
    assert "Graded Practice report for Tom Trainee: 8 of 10" in graded
    finished = await run(TOM, ["continue SEED-201"], database_url, tmp_path)
    assert "You have completed Seeded Safety. Well done!" in finished
    assert "[1] Submit the assignment: Optional capstone" in finished
    async with db() as session:
        status, progress = (
            await session.execute(
                text(
                    "SELECT e.status, e.progress_percentage FROM enrollments e JOIN courses c ON c.id = e.course_id"
                    " WHERE c.course_code = 'SEED-201'"
                )
            )
        ).one()
    assert (status, progress) == ("completed", 100)
