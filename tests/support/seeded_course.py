"""A course written straight into the seed tables by SQL, linking its assessments and assignments the seed's
way (module_id / course_id) with no `quiz` content item pointing at any of them.

SEED-201 "Seeded Safety":
- module 1 "Basics": two text items; then "Basics check" (required quiz, one true/false question: true)
  and "Basics survey" (optional quiz, one multiple-choice question);
- module 2 "Practice": one text item; then "Practice report" (a required assignment, max score 10);
- the course: "Final exam" (required, module_id NULL, one short answer: "safety") and "Optional capstone"
  (an optional assignment, module_id NULL).
"""

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

CODE = "SEED-201"
TITLE = "Seeded Safety"


@dataclass(frozen=True)
class SeededCourse:
    course_id: uuid.UUID
    modules: tuple[uuid.UUID, uuid.UUID]
    items: tuple[uuid.UUID, uuid.UUID, uuid.UUID]
    basics_check: uuid.UUID
    basics_survey: uuid.UUID
    final_exam: uuid.UUID
    practice_report: uuid.UUID
    capstone: uuid.UUID


def questions(*items: dict[str, object]) -> str:
    return json.dumps({"questions": list(items)})


async def seed_course(
    db: AsyncSession | AsyncConnection, organization_id: uuid.UUID, instructor_id: uuid.UUID
) -> SeededCourse:
    """Write SEED-201 (published, public) into the organization by plain INSERTs; the ids it made."""
    ids = SeededCourse(
        course_id=uuid.uuid4(),
        modules=(uuid.uuid4(), uuid.uuid4()),
        items=(uuid.uuid4(), uuid.uuid4(), uuid.uuid4()),
        basics_check=uuid.uuid4(),
        basics_survey=uuid.uuid4(),
        final_exam=uuid.uuid4(),
        practice_report=uuid.uuid4(),
        capstone=uuid.uuid4(),
    )
    m1, m2 = ids.modules
    statements: list[tuple[str, dict[str, Any]]] = [
        (
            """INSERT INTO courses (id, organization_id, course_code, title, instructor_id, status, is_public)
               VALUES (:id, :org, :code, :title, :instructor, 'published', true)""",
            {"id": ids.course_id, "org": organization_id, "code": CODE, "title": TITLE, "instructor": instructor_id},
        ),
        (
            """INSERT INTO modules (id, course_id, title, "order")
               VALUES (:m1, :c, 'Basics', 1), (:m2, :c, 'Practice', 2)""",
            {"m1": m1, "m2": m2, "c": ids.course_id},
        ),
        (
            """INSERT INTO content (id, module_id, content_type, title, "order", content_data) VALUES
               (:i1, :m1, 'text', 'Why safety', 1, '{"body": "Safety first."}'),
               (:i2, :m1, 'text', 'Locks', 2, '{"body": "Locks keep doors shut."}'),
               (:i3, :m2, 'text', 'Practice at work', 1, '{"body": "Try it at your desk."}')""",
            {"i1": ids.items[0], "i2": ids.items[1], "i3": ids.items[2], "m1": m1, "m2": m2},
        ),
        (
            """INSERT INTO assessments (id, course_id, module_id, title, type, passing_score, is_required, questions)
               VALUES (:check, :c, :m1, 'Basics check', 'quiz', 100, true, CAST(:check_q AS jsonb)),
                      (:survey, :c, :m1, 'Basics survey', 'quiz', 0, false, CAST(:survey_q AS jsonb)),
                      (:exam, :c, NULL, 'Final exam', 'exam', 100, true, CAST(:exam_q AS jsonb))""",
            {
                "check": ids.basics_check,
                "survey": ids.basics_survey,
                "exam": ids.final_exam,
                "c": ids.course_id,
                "m1": m1,
                "check_q": questions(
                    {"id": "q1", "type": "true_false", "question": "Do locks keep doors shut?", "correct_answer": True}
                ),
                "survey_q": questions(
                    {
                        "id": "s1",
                        "type": "multiple_choice",
                        "question": "How useful was this module?",
                        "options": ["Very", "Somewhat"],
                        "correct_answer": 0,
                    }
                ),
                "exam_q": questions(
                    {
                        "id": "e1",
                        "type": "short_answer",
                        "question": "Which word is this course about?",
                        "correct_answer": ["safety"],
                    }
                ),
            },
        ),
        (
            """INSERT INTO assignments
                   (id, course_id, module_id, title, description, max_score, is_required, created_by)
               VALUES (:report, :c, :m2, 'Practice report', 'Describe one change you made.', 10, true, :instructor),
                      (:capstone, :c, NULL, 'Optional capstone', 'A bigger project, if you like.', 100, false,
                       :instructor)""",
            {
                "report": ids.practice_report,
                "capstone": ids.capstone,
                "c": ids.course_id,
                "m2": m2,
                "instructor": instructor_id,
            },
        ),
    ]
    for sql, parameters in statements:
        await db.execute(text(sql), parameters)
    return ids
