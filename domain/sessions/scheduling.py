"""Scheduling a session: its times in the organization's zone, its place, its audience."""

import uuid
from datetime import datetime, tzinfo

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from domain.clock import Clock, organization_zone
from domain.errors import InvalidInput
from domain.messagebus import Context
from domain.models import Course, Department, TrainingSession
from domain.replies import Reply, literal, say
from domain.sessions import texts
from domain.sessions.commands import ScheduleSession
from domain.sessions.events import SessionScheduled
from domain.sessions.finding import audience_name, label
from domain.sessions.times import parse_end, parse_start, when


async def schedule_session(ctx: Context, command: ScheduleSession, clock: Clock) -> list[Reply]:
    """Schedule a session; its reference and check-in code come from the database (migration 0014)."""
    actor = ctx.actor
    actor.require_staff("schedule sessions")
    zone = await organization_zone(ctx.session, actor.organization_id)
    start, end = times_of(command.start, command.end, zone, clock.now())
    location, meeting_url = place_of(command.place)
    course_id, department_id = await audience_of(ctx, command.audience)
    row = (
        await ctx.session.execute(
            insert(TrainingSession)
            .values(
                organization_id=actor.organization_id,
                title=command.title,
                instructor_id=actor.user_id,
                course_id=course_id,
                department_id=department_id,
                session_type=command.session_type,
                start_time=start,
                end_time=end,
                location=location,
                meeting_url=meeting_url,
                max_participants=command.capacity,
            )
            .returning(TrainingSession.id, TrainingSession.reference, TrainingSession.checkin_code)
        )
    ).one()
    ctx.uow.record(
        "training_session.created",
        "training_session",
        row.id,
        after={"title": command.title, "start_time": start, "end_time": end, "reference": row.reference},
    )
    ctx.uow.emit(SessionScheduled(session_id=row.id, organization_id=actor.organization_id, start_time=start))
    audience = await audience_name(ctx.session, course_id, department_id)
    return say(
        texts.SCHEDULED.format(
            reference=label(row.reference),
            title=literal(command.title),
            when=when(start, end, zone),
            place=texts.PLACE_LINE.format(place=command.place) if command.place else "",
            audience=texts.AUDIENCE_LINE.format(audience=audience) if audience else "",
            seats=texts.SEATS_LINE.format(seats=command.capacity) if command.capacity else "",
            code=row.checkin_code,
        )
    )


def start_of(start_text: str, zone: tzinfo, now: datetime) -> datetime:
    start = parse_start(start_text, zone)
    if start <= now:
        raise InvalidInput(texts.START_IN_PAST.format(moment=start_text.strip()))
    return start


def times_of(start_text: str, end_text: str, zone: tzinfo, now: datetime) -> tuple[datetime, datetime]:
    start = start_of(start_text, zone, now)
    end = parse_end(end_text, start, zone)
    if end <= start:
        raise InvalidInput(texts.END_BEFORE_START.format(start=start_text.strip()))
    return start, end


def place_of(place: str | None) -> tuple[str | None, str | None]:
    """(location, meeting_url): a link is the meeting URL, anything else the room."""
    if place is None:
        return None, None
    if place.lower().startswith(("http://", "https://")):
        if any(character.isspace() for character in place) or len(place) > 2000:
            raise InvalidInput(texts.BAD_PLACE)
        return None, place
    if len(place) > 255:
        raise InvalidInput(texts.BAD_PLACE)
    return place, None


async def audience_of(ctx: Context, audience: str | None) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """(course_id, department_id) for a course or department code; `course:` or `department:` settles a tie."""
    if audience is None:
        return None, None
    kind, _, code = audience.rpartition(":")
    kind = kind.lower()
    course = None
    department = None
    if kind in ("", "course"):
        course = await ctx.session.scalar(select(Course.id).where(func.upper(Course.course_code) == code.upper()))
    if kind in ("", "department", "dept"):
        department = await ctx.session.scalar(
            select(Department.id).where(func.upper(Department.code) == code.upper(), Department.is_active.is_not(False))
        )
    if kind not in ("", "course", "department", "dept") or (course is None and department is None):
        raise InvalidInput(texts.NO_SUCH_AUDIENCE.format(code=audience))
    if course is not None and department is not None:
        raise InvalidInput(texts.AMBIGUOUS_AUDIENCE.format(code=code))
    return course, department
