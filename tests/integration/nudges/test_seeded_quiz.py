"""A quiz written straight into the tables by SQL (question ids are UUIDs, as the seed's example has them) makes
review cards, nudges and takes answers like one imported."""

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.integration.nudges.world import make_world, stored_buttons

Sessions = async_sessionmaker[AsyncSession]

TAILGATING = "5b0c2f4e-8d1a-4c7e-9f3b-2a6d8e1c4b7f"
SEEDED_QUESTIONS = {
    "questions": [
        {"id": TAILGATING, "type": "true_false", "question": "Tailgating is a security risk.", "correct_answer": True},
        {
            "id": "0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b",
            "type": "multiple_choice",
            "question": "Shred what?",
            "options": ["Nothing", "Receipts"],
            "correct_answer": 1,
        },
    ]
}


async def test_a_quiz_seeded_by_sql_brings_its_missed_question_back(db: Sessions, tmp_path: Path) -> None:
    w = await make_world(db, tmp_path)
    [seeded] = await w.sql(
        "INSERT INTO assessments (course_id, title, type, passing_score, is_required, questions) "
        "VALUES (:course, 'Seeded check', 'exam', 50, true, CAST(:questions AS jsonb)) RETURNING id",
        course=w.course.id,
        questions=json.dumps(SEEDED_QUESTIONS),
    )

    await w.take_quiz(w.trainee, ("1", "1"), quiz_id=seeded.id)  # False (wrong), "Receipts" (right): 50%, passed
    [card] = await w.cards()
    w.clock.set(datetime(2026, 12, 9, 9, 0, tzinfo=UTC))
    assert await w.send_nudges() == 1
    [nudge] = await w.nudges()
    replies = await w.press(w.trainee, stored_buttons(nudge)["True"])

    assert (card.assessment_id, card.question_id) == (seeded.id, TAILGATING)
    assert "Tailgating is a security risk." in nudge.replies[0]["text"]
    assert replies[0].text.startswith("✅ Right!")
