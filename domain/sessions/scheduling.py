"""Scheduling a session (in one line or step by step), showing one, and cancelling it."""

from datetime import datetime, tzinfo

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from domain.actor import Actor
from domain.errors import Conflict, InvalidInput
from domain.messagebus import Context
from domain.models import Course, Department, SessionAttendance, TrainingSession
from domain.models.enums import SessionStatus, SessionType
from domain.replies import Reply, say
from domain.sessions import texts
from domain.sessions.clock import Clock
from domain.sessions.commands import CancelSession, DraftSession, ScheduleSession
from domain.sessions.events import SessionCancelled, SessionScheduled
from domain.sessions.finding import find_session, label, require_manager
from domain.sessions.times import organization_zone, parse_end, parse_start, when

SKIP = "-"


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
    return say(
        texts.SCHEDULED.format(
            reference=label(row.reference),
            title=command.title,
            when=when(start, end, zone),
            place=texts.PLACE_LINE.format(place=command.place) if command.place else "",
            audience=texts.AUDIENCE_LINE.format(audience=command.audience) if command.audience else "",
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
        if any(character.isspace() for character in place):
            raise InvalidInput(texts.BAD_PLACE)
        return None, place
    if len(place) > 255:
        raise InvalidInput(texts.BAD_PLACE)
    return place, None


async def audience_of(ctx: Context, audience: str | None) -> tuple[object, object]:
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


async def draft_session(ctx: Context, command: DraftSession, clock: Clock) -> list[Reply]:
    """The guided flow: check the newest answer, then ask the next question; the last answer schedules."""
    actor = ctx.actor
    actor.require_staff("schedule sessions")
    zone = await organization_zone(ctx.session, actor.organization_id)
    answers = command.answers
    if not answers:
        return [Reply(text=texts.SCHEDULE_BY_STEPS), ask(0, (), zone)]
    try:
        scheduling = await check_answers(ctx, answers, zone, clock)
    except InvalidInput as error:
        return [Reply(text=error.message), ask(len(answers) - 1, answers[:-1], zone)]
    if scheduling is None:
        return [ask(len(answers), answers, zone)]
    return await schedule_session(ctx, scheduling, clock)


def ask(step: int, answers: tuple[str, ...], zone: tzinfo) -> Reply:
    question = texts.GUIDED_QUESTIONS[step].format(zone=zone)
    return Reply(text=question, text_action=" | ".join(("session guided", *answers)) + " | ")


async def check_answers(ctx: Context, answers: tuple[str, ...], zone: tzinfo, clock: Clock) -> ScheduleSession | None:
    """The command once every question is answered, else None; the newest answer is checked (the earlier ones
    were when they came), and a bad one raises InvalidInput."""
    values = [None if answer == SKIP else answer for answer in answers]
    step, newest = len(values) - 1, values[-1]
    if step <= 2 and newest is None:
        raise InvalidInput(texts.GUIDED_QUESTIONS[step].format(zone=zone))
    if step == 0 and "|" in answers[0]:
        raise InvalidInput(texts.PIPE_IN_ANSWER)
    if step == 0 and len(answers[0]) > 255:
        raise InvalidInput(texts.TITLE_TOO_LONG)
    if step == 1:
        start_of(answers[1], zone, clock.now())
    elif step == 2:
        times_of(answers[1], answers[2], zone, clock.now())
    elif step == 3:
        place_of(newest)
    elif step == 4:
        await audience_of(ctx, newest)
    elif step == 5:
        capacity_of(newest)
    elif step == 6:
        type_of(newest)
    if len(values) < len(texts.GUIDED_QUESTIONS):
        return None
    title, start, end = answers[:3]  # never skipped: checked when they came
    place, audience, capacity, session_type = values[3:7]
    return ScheduleSession(
        title=title,
        start=start,
        end=end,
        place=place,
        audience=audience,
        capacity=capacity_of(capacity),
        session_type=type_of(session_type),
    )


def capacity_of(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 100_000:
        raise InvalidInput(texts.BAD_CAPACITY)
    return int(value)


def type_of(value: str | None) -> SessionType:
    if value is None:
        return SessionType.LIVE
    try:
        return SessionType(value.lower())
    except ValueError:
        raise InvalidInput(texts.BAD_TYPE) from None


async def cancel_session(ctx: Context, command: CancelSession, clock: Clock) -> list[Reply]:
    """Cancel a session that has not ended; the registered keep their rows (a notice can go to them later)."""
    actor: Actor = ctx.actor
    training = await find_session(ctx.session, actor, command.reference, lock=True)
    require_manager(actor, training, "cancel sessions")
    reference = label(training.reference)
    if training.status == SessionStatus.CANCELLED:
        return say(texts.ALREADY_CANCELLED.format(reference=reference))
    if training.end_time <= clock.now():
        raise Conflict(texts.SESSION_ENDED.format(reference=reference))
    registered = tuple(
        await ctx.session.scalars(select(SessionAttendance.user_id).where(SessionAttendance.session_id == training.id))
    )
    before = training.status
    training.status = SessionStatus.CANCELLED
    ctx.uow.record(
        "training_session.cancelled",
        "training_session",
        training.id,
        before={"status": before},
        after={"status": SessionStatus.CANCELLED},
    )
    ctx.uow.emit(
        SessionCancelled(session_id=training.id, organization_id=actor.organization_id, registered_user_ids=registered)
    )
    return say(texts.CANCELLED.format(reference=reference, title=training.title, count=len(registered)))
