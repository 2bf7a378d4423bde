"""The last seat, asked for by several people at the same moment, goes to exactly one of them."""

import asyncio
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.errors import Conflict, DomainError
from domain.sessions.commands import RegisterForSession
from tests.integration.learning.test_races import Held
from tests.integration.sessions.world import make_world
from tests.support.locks import someone_waits_for_a_lock


async def test_a_second_rsvp_for_the_last_seat_waits_for_the_first_and_finds_the_session_full(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path, trainees=2)
    await world.said(world.instructor, "session add Drill | 2026-12-08 10:00 | 11:00 | Room 4 | - | 1")
    bus, org = world.services.bus, world.org.id
    first_person, second_person = world.trainees
    held = Held()
    first = asyncio.create_task(bus.handle(first_person.id, org, RegisterForSession(reference=1), after=held))
    await asyncio.wait_for(held.holding.wait(), 10)
    second = asyncio.create_task(bus.handle(second_person.id, org, RegisterForSession(reference=1)))
    try:
        await someone_waits_for_a_lock(db)
    finally:
        held.released.set()
    [registered] = await first
    with pytest.raises(Conflict, match="is full"):
        await second
    assert "You're registered" in registered.text
    assert await world.attendance(1) == {first_person.email: "registered"}


async def test_many_rsvps_at_once_for_the_last_two_seats_register_exactly_two(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    world = await make_world(db, tmp_path, trainees=8)
    await world.said(world.instructor, "session add Drill | 2026-12-08 10:00 | 11:00 | Room 4 | - | 3")
    await world.said(world.trainees[0], "rsvp S1")
    bus, org = world.services.bus, world.org.id

    async def rsvp(user_id: object) -> str:
        try:
            [reply] = await bus.handle(user_id, org, RegisterForSession(reference=1))  # type: ignore[arg-type]
        except DomainError as refused:
            return refused.message
        return reply.text

    answers = await asyncio.gather(*(rsvp(trainee.id) for trainee in world.trainees[1:]))
    assert sum("You're registered" in answer for answer in answers) == 2
    assert sum("is full" in answer for answer in answers) == 5
    assert list((await world.attendance(1)).values()) == ["registered"] * 3
