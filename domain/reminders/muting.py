"""Muting a course's reminders: `mute CODE` / `unmute CODE`, and the predicate every reminder job applies.

A muted course sends its person no reminders of any kind (due dates here; live sessions and review nudges use
`not_muted` too); announcements and messages still arrive. One row of reminder_mutes per person and course.
"""

import uuid

from sqlalchemy import delete, text
from sqlalchemy.dialects.postgresql import insert

from domain.errors import Conflict, NotFound
from domain.learning import texts as learning_texts
from domain.learning.courses import find_course, may_see
from domain.messagebus import Context
from domain.models import Course
from domain.models.enums import EnrollmentStatus
from domain.models.reminders import ReminderMute
from domain.reminders import texts
from domain.reminders.commands import MuteCourse, UnmuteCourse
from domain.replies import Button, Reply, literal, say
from domain.unit_of_work import UnitOfWork


def not_muted(user: str, course: str) -> str:
    """SQL that is true unless the person `user` muted reminders of the course `course` (SQL expressions, such
    as "e.trainee_id", "e.course_id"); a NULL course (a session for a department) is never muted."""
    return f"NOT EXISTS (SELECT 1 FROM reminder_mutes rm WHERE rm.user_id = {user} AND rm.course_id = {course})"


# Over enrollments `e`: the trainee has not muted the enrollment's course.
NOT_MUTED = not_muted("e.trainee_id", "e.course_id")

IS_MUTED = text(f"SELECT NOT {not_muted('CAST(:user_id AS uuid)', 'CAST(:course_id AS uuid)')} AS muted")


async def is_muted(uow: UnitOfWork, user_id: uuid.UUID, course_id: uuid.UUID) -> bool:
    """Whether the person muted the course's reminders (in the unit of work's tenant)."""
    row = await uow.fetch_one(IS_MUTED, {"user_id": user_id, "course_id": course_id})
    return bool(row.muted)


async def _course(ctx: Context, code: str) -> tuple[Course, bool]:
    """The course by its code, as the actor may see it, and whether they are enrolled (not dropped)."""
    found = await find_course(ctx.session, code, ctx.actor.user_id)
    if found is None or not may_see(ctx.actor, *found):
        raise NotFound(learning_texts.NO_SUCH_COURSE.format(code=literal(code)))
    course, enrollment = found
    return course, enrollment is not None and enrollment.status != EnrollmentStatus.DROPPED


def _named(course: Course) -> dict[str, str]:
    return {"title": literal(course.title), "code": course.course_code}


async def mute_course(ctx: Context, command: MuteCourse) -> list[Reply]:
    """No more reminders for this course (due dates, sessions, nudges) until `unmute`."""
    course, enrolled = await _course(ctx, command.course_code)
    undo = Button(label=texts.UNMUTE, command=UnmuteCourse(course_code=course.course_code))
    if not enrolled:
        raise Conflict(texts.NOT_ENROLLED.format(**_named(course)))
    added = await ctx.session.scalar(
        insert(ReminderMute)
        .values(organization_id=ctx.actor.organization_id, user_id=ctx.actor.user_id, course_id=course.id)
        .on_conflict_do_nothing(index_elements=["user_id", "course_id"])
        .returning(ReminderMute.id)
    )
    if added is None:
        return say(texts.ALREADY_MUTED.format(**_named(course)), undo)
    ctx.uow.record("reminders.muted", "course", course.id)
    return say(texts.MUTED.format(**_named(course)), undo)


async def unmute_course(ctx: Context, command: UnmuteCourse) -> list[Reply]:
    """Reminders for this course again."""
    course, _ = await _course(ctx, command.course_code)
    removed = await ctx.session.scalar(
        delete(ReminderMute)
        .where(ReminderMute.user_id == ctx.actor.user_id, ReminderMute.course_id == course.id)
        .returning(ReminderMute.id)
    )
    if removed is None:
        return say(texts.NOT_MUTED.format(**_named(course)))
    ctx.uow.record("reminders.unmuted", "course", course.id)
    mute = Button(label=texts.MUTE, command=MuteCourse(course_code=course.course_code))
    return say(texts.UNMUTED.format(**_named(course)), mute)
