"""Recertify: the holder of an expiring certificate starts its course again, with one tap on the reminder.

The seed allows one enrollment per trainee and course, so the completed enrollment starts afresh: status
`enrolled`, progress and its rows cleared, the certificate flags reset, the current certificate marked
renewed (still valid until it expires; the next completion issues the new one), and the enrollment's quiz
attempts and assignment submissions marked superseded: kept as history, but the trainee passes the quizzes
and has the work graded again, and max_attempts counts afresh (domain/assessments/completion.current). All
in one statement, which only a completed enrollment passes: a second tap, or a trainee already on their
way, is told so.
Someone not enrolled (or who left) is enrolled as `enroll` would.
"""

from sqlalchemy import text

from domain.certificates import texts
from domain.certificates.commands import Recertify
from domain.errors import Conflict, NotFound
from domain.learning import texts as learning_texts
from domain.learning.commands import ContinueCourse, Enroll
from domain.learning.courses import find_course, may_see
from domain.learning.enrollment import ACTIVE, enroll
from domain.messagebus import Context
from domain.models.enums import CourseStatus, EnrollmentStatus
from domain.replies import Button, Reply, literal, say
from domain.statement_parts import audit_rows, changes

# Taken before START_AGAIN, whose snapshot then holds every attempt made before (starting an attempt locks the
# enrollment too): none made a moment earlier stays counted, none made a moment later is superseded.
LOCK = text("SELECT id FROM enrollments WHERE id = :enrollment_id FOR UPDATE")
RESTARTED = changes(
    "jsonb_build_object('status', 'completed')",
    "jsonb_build_object('status', 'enrolled', 'superseded_attempts', (SELECT count(*) FROM superseded_attempts), "
    "'superseded_submissions', (SELECT count(*) FROM superseded_submissions))",
)
START_AGAIN = text(f"""
WITH restarted AS (
    UPDATE enrollments SET status = 'enrolled', progress_percentage = 0, started_at = NULL, completed_at = NULL,
           certificate_issued = false, certificate_issued_at = NULL
    WHERE id = :enrollment_id AND status = 'completed'
    RETURNING id
), cleared AS (
    DELETE FROM progress p USING restarted r WHERE p.enrollment_id = r.id
), renewed AS (
    UPDATE certificates c SET renewed_at = now() FROM restarted r
    WHERE c.enrollment_id = r.id AND c.revoked_at IS NULL AND c.renewed_at IS NULL
), superseded_attempts AS (
    UPDATE assessment_attempts a SET superseded_at = now() FROM restarted r
    WHERE a.enrollment_id = r.id AND a.superseded_at IS NULL
    RETURNING a.id
), superseded_submissions AS (
    UPDATE assignment_submissions s SET superseded_at = now() FROM restarted r
    WHERE s.enrollment_id = r.id AND s.superseded_at IS NULL
    RETURNING s.id
), {audit_rows("audit", f"SELECT 'enrollment.recertifying', 'enrollment', r.id, {RESTARTED} FROM restarted r")}
SELECT EXISTS (SELECT 1 FROM restarted) AS restarted
""")


async def recertify(ctx: Context, command: Recertify) -> list[Reply]:
    actor = ctx.actor
    found = await find_course(ctx.session, command.course_code, actor.user_id, lock=True)
    if found is None or not may_see(actor, *found):
        raise NotFound(learning_texts.NO_SUCH_COURSE.format(code=command.course_code))
    course, enrollment = found
    if not course.is_certified:
        raise Conflict(texts.NOT_CERTIFIED_COURSE.format(title=literal(course.title)))
    if enrollment is None or enrollment.status == EnrollmentStatus.DROPPED:
        return await enroll(ctx, Enroll(course_code=course.course_code))
    go_on = Button(
        label=learning_texts.CONTINUE, command=ContinueCourse(course_code=course.course_code), style="primary"
    )
    if enrollment.status in ACTIVE:
        return say(texts.ALREADY_RECERTIFYING.format(title=literal(course.title)), go_on)
    if course.status != CourseStatus.PUBLISHED:
        raise Conflict(learning_texts.NOT_PUBLISHED.format(title=literal(course.title)))
    await ctx.uow.fetch(LOCK, {"enrollment_id": enrollment.id})
    row = await ctx.uow.fetch_one(START_AGAIN, {"enrollment_id": enrollment.id, "actor_id": ctx.uow.actor_id})
    if not row.restarted:  # a second tap at the same moment
        return say(texts.ALREADY_RECERTIFYING.format(title=literal(course.title)), go_on)
    return say(texts.RECERTIFYING.format(title=literal(course.title)), go_on)
