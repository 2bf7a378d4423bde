"""My learning: my enrollments with progress and due dates, the overdue ones marked."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, text

from domain.learning import texts
from domain.learning.commands import BrowseCatalog, ContinueCourse, ShowMyLearning
from domain.messagebus import Context
from domain.replies import Button, Reply, literal

# Buttons for this many courses at most; the list itself shows them all.
BUTTONS = 5

MY_ENROLLMENTS = text("""
SELECT c.course_code, c.title, e.status, e.progress_percentage, e.due_date
FROM enrollments e JOIN courses c ON c.id = e.course_id
WHERE e.trainee_id = CAST(:actor_id AS uuid)
ORDER BY CASE e.status WHEN 'in_progress' THEN 0 WHEN 'enrolled' THEN 1 WHEN 'completed' THEN 2 ELSE 3 END,
         e.due_date NULLS LAST, c.title
""")


async def show_my_learning(ctx: Context, command: ShowMyLearning) -> list[Reply]:
    """List my courses: status, progress, due date and whether it is overdue."""
    rows = list(await ctx.session.execute(MY_ENROLLMENTS, {"actor_id": ctx.actor.user_id}))
    browse = Button(label=texts.BROWSE, command=BrowseCatalog())
    current = [row for row in rows if row.status != "dropped"]
    dropped = [row for row in rows if row.status == "dropped"]
    if not current and not dropped:
        return [Reply(text=texts.MY_LEARNING_EMPTY, buttons=[browse])]
    now = datetime.now(UTC)
    lines = [texts.MY_LEARNING_TITLE, *(line(row, now) for row in current)]
    if dropped:
        lines.append(texts.DROPPED_LIST.format(courses=", ".join(f"*{literal(row.title)}*" for row in dropped)))
    ongoing = [row for row in current if row.status in ("enrolled", "in_progress")]
    buttons = [
        Button(
            label=texts.CONTINUE_COURSE.format(code=row.course_code),
            command=ContinueCourse(course_code=row.course_code),
        )
        for row in ongoing[:BUTTONS]
    ]
    return [Reply(text="\n".join(lines), buttons=[*buttons, browse])]


def line(row: Row[Any], now: datetime) -> str:
    due = ""
    if row.due_date is not None and row.status != "completed":
        overdue = row.due_date < now
        due = (texts.OVERDUE if overdue else texts.DUE).format(due=texts.format_day(row.due_date))
    return texts.MY_LEARNING_LINE.format(
        title=literal(row.title),
        code=row.course_code,
        status=texts.STATUS_WORDS.get(row.status, row.status),
        percentage=texts.percent(row.progress_percentage),
        due=due,
    )
