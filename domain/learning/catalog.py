"""The catalog: published courses the trainee may see, with what they need to know before enrolling."""

from typing import Any

from sqlalchemy import Row, text

from domain.learning import texts
from domain.learning.commands import BrowseCatalog, ContinueCourse, Enroll, ShowMyLearning
from domain.learning.courses import VISIBLE, visibility
from domain.messagebus import Context
from domain.replies import Button, Reply, literal

# One message stays readable (and within Slack's and Telegram's limits) with this many courses.
PAGE = 15

CATALOG = text(f"""
SELECT c.course_code, c.title, c.difficulty_level, c.estimated_duration, e.status AS my_status,
       trim(u.first_name || ' ' || u.last_name) AS instructor,
       prerequisites.mandatory_missing, prerequisites.optional_missing,
       count(*) OVER () AS total
FROM courses c
LEFT JOIN users u ON u.id = c.instructor_id
LEFT JOIN enrollments e ON e.course_id = c.id AND e.trainee_id = CAST(:actor_id AS uuid)
LEFT JOIN LATERAL (
    SELECT array_agg(pc.title ORDER BY pc.title) FILTER (WHERE COALESCE(cp.is_mandatory, true)) AS mandatory_missing,
           array_agg(pc.title ORDER BY pc.title) FILTER (WHERE NOT COALESCE(cp.is_mandatory, true)) AS optional_missing
    FROM course_prerequisites cp JOIN courses pc ON pc.id = cp.prerequisite_course_id
    WHERE cp.course_id = c.id AND NOT EXISTS (
        SELECT 1 FROM enrollments pe WHERE pe.course_id = pc.id
        AND pe.trainee_id = CAST(:actor_id AS uuid) AND pe.status = 'completed')
) prerequisites ON true
WHERE c.status = 'published' AND {VISIBLE}
  AND (CAST(:tag AS text) IS NULL OR EXISTS (SELECT 1 FROM unnest(c.tags) t WHERE lower(t) = lower(CAST(:tag AS text))))
ORDER BY c.title, c.course_code
LIMIT {PAGE}
""")


async def browse_catalog(ctx: Context, command: BrowseCatalog) -> list[Reply]:
    """List the published courses open to me, with duration, difficulty, instructor and prerequisites."""
    rows = list(await ctx.session.execute(CATALOG, {**visibility(ctx.actor), "tag": command.tag}))
    if not rows:
        empty = texts.CATALOG_EMPTY_TAGGED.format(tag=command.tag) if command.tag else texts.CATALOG_EMPTY
        return [Reply(text=empty, buttons=[Button(label=texts.MY_LEARNING, command=ShowMyLearning())])]
    title = texts.CATALOG_TITLE_TAGGED.format(tag=command.tag) if command.tag else texts.CATALOG_TITLE
    lines = [title, *(catalog_line(row) for row in rows)]
    if rows[0].total > len(rows):
        lines.append(texts.CATALOG_MORE.format(count=rows[0].total - len(rows)))
    buttons = [found for found in map(button, rows) if found is not None]
    return [Reply(text="\n".join(lines), buttons=buttons)]


def prerequisites(mandatory: list[str], optional: list[str]) -> list[str | None]:
    return [
        texts.PREREQUISITES_MISSING.format(titles=", ".join(map(literal, mandatory)))
        if mandatory
        else texts.PREREQUISITES_MET,
        texts.RECOMMENDED_FIRST.format(titles=", ".join(map(literal, optional))) if optional else None,
    ]


def catalog_line(row: Row[Any]) -> str:
    mandatory, optional = row.mandatory_missing or [], row.optional_missing or []
    # Prerequisites matter to someone choosing a course, not to someone already taking or done with it.
    taking = row.my_status in ("enrolled", "in_progress", "completed")
    details = [
        row.difficulty_level,
        texts.duration_hours(row.estimated_duration),
        texts.BY_INSTRUCTOR.format(name=literal(row.instructor)) if row.instructor else None,
        *([] if taking else prerequisites(mandatory, optional)),
        texts.YOUR_STATUS.get(row.my_status, row.my_status) if row.my_status else None,
    ]
    return texts.CATALOG_LINE.format(
        title=literal(row.title), code=row.course_code, details=" · ".join(d for d in details if d)
    )


def button(row: Row[Any]) -> Button | None:
    code = row.course_code
    if row.my_status in ("enrolled", "in_progress"):
        return Button(label=texts.CONTINUE_COURSE.format(code=code), command=ContinueCourse(course_code=code))
    if row.my_status == "dropped":
        return Button(label=texts.RESUME.format(code=code), command=Enroll(course_code=code))
    if row.my_status == "completed":
        return None
    return Button(label=texts.ENROLL.format(code=code), command=Enroll(course_code=code))
