"""Scheduling step by step: each answer comes as the person's next message (a prompt kept in PostgreSQL, whose
action carries the answers so far), is checked at once, and the last one schedules."""

from datetime import tzinfo

from domain.clock import Clock, organization_zone
from domain.errors import InvalidInput
from domain.messagebus import Context
from domain.models.enums import SessionType
from domain.replies import Prompt, Reply
from domain.sessions import texts
from domain.sessions.commands import DraftSession, ScheduleSession
from domain.sessions.scheduling import audience_of, place_of, schedule_session, start_of, times_of

SKIP = "-"


async def draft_session(ctx: Context, command: DraftSession, clock: Clock) -> list[Reply]:
    """The guided flow: check the newest answer, then ask the next question; the last answer schedules."""
    actor = ctx.actor
    actor.require_staff("schedule sessions")
    zone = await organization_zone(ctx.session, actor.organization_id)
    answers = command.answers[: len(texts.GUIDED_QUESTIONS)]  # a | typed in an answer makes one more
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
    return Reply(text=question, prompt=Prompt.of(DraftSession, answers=answers))


async def check_answers(ctx: Context, answers: tuple[str, ...], zone: tzinfo, clock: Clock) -> ScheduleSession | None:
    """The command once every question is answered, else None; the newest answer is checked (the earlier ones
    were when they came), and a bad one raises InvalidInput."""
    values = [None if answer == SKIP else answer for answer in answers]
    step, newest = len(values) - 1, values[-1]
    if step <= 2 and newest is None:
        raise InvalidInput(texts.GUIDED_QUESTIONS[step].format(zone=zone))
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
