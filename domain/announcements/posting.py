"""Posting an announcement: who may post to which audience, when it goes out, and its fan-out."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from domain.announcements import texts
from domain.announcements.commands import PostAnnouncement
from domain.announcements.fanout import fan_out, schedule
from domain.announcements.listing import withdraw as withdraw_button
from domain.clock import local_time, organization_zone
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.messagebus import Context
from domain.models import Announcement, Course, Department
from domain.models.enums import Role
from domain.replies import Reply, literal, say


@dataclass(frozen=True)
class Audience:
    course_id: uuid.UUID | None
    department_id: uuid.UUID | None
    label: str


async def resolve_audience(ctx: Context, audience: str) -> Audience:
    """The audience the actor may address: their course (instructors), a department or all (admins)."""
    actor = ctx.actor
    if actor.role is Role.TRAINEE:
        raise PermissionDenied(texts.TRAINEE_REFUSED)
    lowered = audience.lower()
    if lowered == "all" or lowered.startswith("dept:"):
        if not actor.is_admin:
            raise PermissionDenied(texts.ADMINS_ONLY)
        if lowered == "all":
            return Audience(None, None, texts.AUDIENCE_ALL)
        code = audience.split(":", 1)[1].strip()
        department = await ctx.session.scalar(select(Department).where(func.lower(Department.code) == code.lower()))
        if department is None:
            raise NotFound(texts.UNKNOWN_DEPARTMENT.format(code=code))
        return Audience(None, department.id, texts.AUDIENCE_DEPARTMENT.format(code=department.code))
    course = await ctx.session.scalar(select(Course).where(func.lower(Course.course_code) == lowered))
    if course is None:
        raise NotFound(texts.UNKNOWN_COURSE.format(code=audience))
    if course.instructor_id is None or not actor.may_manage_course(course.instructor_id):
        raise PermissionDenied(texts.COURSE_NOT_YOURS.format(code=course.course_code))
    return Audience(course.id, None, texts.AUDIENCE_COURSE.format(code=course.course_code))


def check_times(publish_at: datetime | None, expires_at: datetime | None, now: datetime) -> None:
    if publish_at is not None and publish_at <= now:
        raise InvalidInput(texts.IN_THE_PAST.format(when=publish_at.strftime("%Y-%m-%d %H:%M")))
    if expires_at is not None and expires_at <= (publish_at or now):
        raise InvalidInput(texts.EXPIRES_BEFORE)


async def post_announcement(ctx: Context, command: PostAnnouncement) -> list[Reply]:
    audience = await resolve_audience(ctx, command.audience)
    zone = await organization_zone(ctx.session, ctx.actor.organization_id)
    now = datetime.now(UTC)
    publish_at = command.publish_at.replace(tzinfo=zone) if command.publish_at else None
    expires_at = command.expires_at.replace(tzinfo=zone) if command.expires_at else None
    check_times(publish_at, expires_at, now)
    row = Announcement(
        organization_id=ctx.actor.organization_id,
        course_id=audience.course_id,
        department_id=audience.department_id,
        title=command.title,
        content=command.text,
        priority=command.priority.value,
        is_pinned=command.pinned,
        published_at=publish_at or now,
        expires_at=expires_at,
        created_by=ctx.actor.user_id,
    )
    ctx.session.add(row)
    await ctx.session.flush()
    return await publish(ctx, row, audience.label, zone, scheduled=publish_at is not None)


async def publish(ctx: Context, row: Announcement, audience: str, zone: ZoneInfo, *, scheduled: bool) -> list[Reply]:
    """Fan out now, or schedule the fan-out for `row.published_at`; what the author is told."""
    now = datetime.now(UTC)
    after = {"audience": audience, "title": row.title, "priority": row.priority}
    ctx.uow.record("announcement.posted", "announcement", row.id, after=after)
    withdraw = withdraw_button(row.id)
    if scheduled and row.published_at is not None:
        await schedule(ctx.uow, row.id, (row.published_at - now).total_seconds())
        when = row.published_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        words = texts.SCHEDULED.format(title=literal(row.title), when=when, zone=zone.key, audience=audience)
        return say(words, withdraw)
    fanned = await fan_out(ctx.uow, row.id, now=now)
    if fanned.count == 0:
        return say(texts.NOBODY.format(title=literal(row.title), audience=audience))
    people = "person" if fanned.count == 1 else "people"
    words = texts.POSTED.format(title=literal(row.title), audience=audience, count=f"{fanned.count:,}", people=people)
    if fanned.held_until is not None:
        words += texts.HELD.format(when=local_time(fanned.held_until, zone))
    return say(words, withdraw)
