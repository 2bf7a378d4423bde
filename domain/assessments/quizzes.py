"""`quiz` in chat: the quizzes of the trainee's courses with where they stand, or one of them by its name."""

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from domain.assessments import texts
from domain.assessments.commands import ListQuizzes, StartAttempt
from domain.assessments.completion import current
from domain.assessments.references import matching, reference
from domain.assessments.standing import Standing
from domain.assessments.starting import start_attempt
from domain.errors import NotFound
from domain.messagebus import Context
from domain.replies import Button, Reply, literal

MY_QUIZZES = text(f"""
SELECT s.id, s.title, s.settings, s.max_attempts, s.passing_score, c.course_code,
       count(a.id) AS used, coalesce(bool_or(a.is_passed), false) AS passed, max(a.score) AS best,
       count(a.id) FILTER (WHERE a.submitted_at IS NOT NULL AND a.score IS NULL) AS pending,
       count(a.id) FILTER (WHERE a.submitted_at IS NULL) AS unfinished
FROM enrollments e
JOIN courses c ON c.id = e.course_id
JOIN assessments s ON s.course_id = c.id
LEFT JOIN assessment_attempts a ON a.enrollment_id = e.id AND a.assessment_id = s.id AND {current("a")}
WHERE e.trainee_id = CAST(:actor_id AS uuid) AND e.status <> 'dropped' AND c.status = 'published'
GROUP BY s.id, c.course_code
ORDER BY c.course_code, s.created_at, s.title
""")


@dataclass(frozen=True)
class MyQuiz:
    id: uuid.UUID
    title: str
    settings: Any
    course_code: str
    standing: Standing


def my_quiz(row: Any) -> MyQuiz:
    standing = Standing(
        title=row.title,
        used=row.used,
        max_attempts=row.max_attempts,
        passing_score=row.passing_score,
        best=Decimal(row.best) if row.best is not None else None,
        passed=row.passed,
        pending=row.pending,
        unfinished=row.unfinished > 0,
    )
    return MyQuiz(row.id, row.title, row.settings, row.course_code, standing)


async def list_quizzes(ctx: Context, command: ListQuizzes) -> list[Reply]:
    """The trainee's quizzes and where they stand; a name picks one, which starts (or says where they stand)."""
    rows = await ctx.session.execute(MY_QUIZZES, {"actor_id": ctx.actor.user_id})
    quizzes = [my_quiz(row) for row in rows]
    if command.name is None:
        return [quiz_list(quizzes, texts.YOUR_QUIZZES)]
    found = matching(quizzes, command.name, lambda quiz: quiz)
    if not found:
        raise NotFound(texts.NO_QUIZ_OF_YOURS.format(name=literal(command.name)))
    if len(found) > 1:
        return [quiz_list(found, texts.SEVERAL_OF_YOURS.format(name=literal(command.name)))]
    return await start_attempt(ctx, StartAttempt(assessment_id=found[0].id))


def quiz_list(quizzes: list[MyQuiz], heading: str) -> Reply:
    if not quizzes:
        return Reply(text=texts.NO_QUIZZES_YET)
    lines = [heading]
    for quiz in quizzes:
        lines.append(
            texts.QUIZ_LINE.format(
                title=literal(quiz.title),
                course=quiz.course_code,
                standing=quiz.standing.line(),
                reference=reference(quiz),
            )
        )
    buttons = [Button(label=quiz.title, command=StartAttempt(assessment_id=quiz.id)) for quiz in quizzes]
    return Reply(text="\n".join(lines), buttons=buttons)
