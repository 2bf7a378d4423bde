"""Enrolling in a course myself, leaving it, and coming back to it."""

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert

from domain.errors import Conflict, NotFound
from domain.learning import seats, texts
from domain.learning.commands import BrowseCatalog, ContinueCourse, DropCourse, Enroll
from domain.learning.courses import find_course, may_see, missing_prerequisites
from domain.learning.courses import titles as prerequisite_titles
from domain.messagebus import Context
from domain.models import Enrollment
from domain.models.enums import CourseStatus, EnrollmentStatus, EnrollmentType
from domain.replies import Button, Reply, literal, say

ACTIVE = (EnrollmentStatus.ENROLLED, EnrollmentStatus.IN_PROGRESS)


async def enroll(ctx: Context, command: Enroll) -> list[Reply]:
    """Enroll me in a published course whose mandatory prerequisites I completed, if a place is free."""
    actor = ctx.actor
    found = await find_course(ctx.session, command.course_code, actor.user_id, lock=True)
    if found is None or not may_see(actor, *found):
        raise NotFound(texts.NO_SUCH_COURSE.format(code=command.course_code))
    course, enrollment = found
    go_on = Button(label=texts.CONTINUE, command=ContinueCourse(course_code=course.course_code), style="primary")
    if enrollment is not None and enrollment.status in ACTIVE:
        return say(texts.ALREADY_ENROLLED.format(title=literal(course.title)), go_on)
    if enrollment is not None and enrollment.status == EnrollmentStatus.COMPLETED:
        return say(texts.ALREADY_COMPLETED_COURSE.format(title=literal(course.title)))
    if course.status != CourseStatus.PUBLISHED:
        raise Conflict(texts.NOT_PUBLISHED.format(title=literal(course.title)))
    missing = await missing_prerequisites(ctx.session, course.id, actor.user_id)
    mandatory = [p for p in missing if p.mandatory]
    if mandatory:
        raise Conflict(
            texts.MISSING_PREREQUISITES.format(title=literal(course.title), titles=prerequisite_titles(mandatory))
        )
    await seats.require_free(ctx.session, course)
    optional = [p for p in missing if not p.mandatory]
    tip = [texts.OPTIONAL_PREREQUISITES.format(titles=prerequisite_titles(optional))] if optional else []
    if enrollment is not None:  # dropped: come back with the progress kept
        status = EnrollmentStatus.ENROLLED if enrollment.started_at is None else EnrollmentStatus.IN_PROGRESS
        await ctx.session.execute(update(Enrollment).where(Enrollment.id == enrollment.id).values(status=status))
        ctx.uow.record(
            "enrollment.resumed", "enrollment", enrollment.id, before={"status": "dropped"}, after={"status": status}
        )
        welcome = texts.RESUMED.format(
            title=literal(course.title), percentage=texts.percent(enrollment.progress_percentage)
        )
        return say("\n".join([welcome, *tip]), go_on)
    enrollment_id = await ctx.session.scalar(
        insert(Enrollment)
        .values(trainee_id=actor.user_id, course_id=course.id, enrolled_by=actor.user_id, enrollment_type="self")
        .on_conflict_do_nothing(index_elements=[Enrollment.trainee_id, Enrollment.course_id])
        .returning(Enrollment.id)
    )
    if enrollment_id is None:  # the same person, enrolling twice at the same moment
        return say(texts.ALREADY_ENROLLED.format(title=literal(course.title)), go_on)
    ctx.uow.record(
        "enrollment.created",
        "enrollment",
        enrollment_id,
        after={"course_id": course.id, "trainee_id": actor.user_id, "enrollment_type": EnrollmentType.SELF},
    )
    enrolled = texts.ENROLLED.format(title=literal(course.title), code=course.course_code)
    return say("\n".join([enrolled, *tip]), go_on)


async def drop_course(ctx: Context, command: DropCourse) -> list[Reply]:
    """Leave a course I enrolled in myself; my progress stays for when I come back."""
    actor = ctx.actor
    found = await find_course(ctx.session, command.course_code, actor.user_id)
    if found is None or not may_see(actor, *found):
        raise NotFound(texts.NO_SUCH_COURSE.format(code=command.course_code))
    course, enrollment = found
    if enrollment is None:
        raise NotFound(texts.NOT_ENROLLED.format(title=literal(course.title)))
    if enrollment.status == EnrollmentStatus.DROPPED:
        return say(texts.ALREADY_DROPPED.format(title=literal(course.title)))
    if enrollment.status == EnrollmentStatus.COMPLETED:
        raise Conflict(texts.CANNOT_DROP_COMPLETED.format(title=literal(course.title)))
    if enrollment.enrollment_type in (EnrollmentType.ASSIGNED, EnrollmentType.BULK):
        raise Conflict(texts.CANNOT_DROP_ASSIGNED.format(title=literal(course.title)))
    await ctx.session.execute(
        update(Enrollment).where(Enrollment.id == enrollment.id).values(status=EnrollmentStatus.DROPPED)
    )
    ctx.uow.record(
        "enrollment.dropped",
        "enrollment",
        enrollment.id,
        before={"status": enrollment.status},
        after={"status": EnrollmentStatus.DROPPED},
    )
    return say(
        texts.DROPPED.format(title=literal(course.title)),
        Button(label=texts.BROWSE, command=BrowseCatalog()),
    )
