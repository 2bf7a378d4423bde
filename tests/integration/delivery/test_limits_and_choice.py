"""Platform limits hold across workers, and a person on several platforms gets each delivery once, where chosen."""

import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.delivery.sending import Limits
from domain.models.enums import ChatPlatform
from tests.integration.delivery.conftest import World, link, make_world, run_workers, send_to
from tests.support.fake_backend import RecordingBackend


def gaps(times: list[float]) -> list[float]:
    ordered = sorted(times)
    return [b - a for a, b in itertools.pairwise(ordered)]


def most_in_a_window(times: list[float], window: float) -> int:
    ordered = sorted(times)
    return max(sum(1 for t in ordered if start <= t < start + window) for start in ordered)


async def test_two_workers_together_stay_within_the_platform_rate(
    db: async_sessionmaker[AsyncSession], database_url: URL
) -> None:
    world = await make_world(db, 20)
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)
    await send_to(db, world.org, world.trainees)
    limits = Limits(platform_interval={ChatPlatform.TELEGRAM: 0.05}, chat_interval={ChatPlatform.TELEGRAM: 1.0})

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram}, limits=limits, workers=2)

    assert len(telegram.sent) == 20
    # At 20 a second, 20 sends take 0.95 s and no half second holds more than 10 (11 with one at each edge;
    # a few more, and a shorter span, when a busy machine wakes sleeping sends late together).
    times = [s.at for s in telegram.sent]
    assert max(times) - min(times) >= 0.7
    assert most_in_a_window(times, 0.5) <= 14


async def test_messages_to_one_chat_are_a_chat_interval_apart(
    db: async_sessionmaker[AsyncSession], database_url: URL, world: World
) -> None:
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)
    for words in ("one", "two", "three"):
        await send_to(db, world.org, world.trainees[:1], words)
    limits = Limits(platform_interval={ChatPlatform.TELEGRAM: 0.0}, chat_interval={ChatPlatform.TELEGRAM: 0.5})

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram}, limits=limits, workers=2)

    assert len(telegram.to("1000")) == 3
    times = [s.at for s in telegram.sent]
    # Slots half a second apart; a send may start a little after its slot, so not every gap is 0.5 s.
    assert most_in_a_window(times, 0.9) <= 2
    assert max(times) - min(times) >= 0.8


async def test_a_person_on_two_platforms_gets_it_once_on_the_one_they_used_last(
    db: async_sessionmaker[AsyncSession], database_url: URL, world: World
) -> None:
    now = datetime.now(UTC)
    ada, bob = world.trainees[0], world.trainees[1]
    # Ada wrote on Telegram (linked first) after Slack; Bob never wrote: his newest link (Slack) is used.
    await link(db, ada, ChatPlatform.SLACK, "UADA", last_seen_at=now - timedelta(hours=1))
    async with db() as session:
        await session.execute(
            text("UPDATE chat_identities SET last_seen_at = :t WHERE platform_user_id = '1000'"), {"t": now}
        )
        await session.commit()
    await link(db, bob, ChatPlatform.SLACK, "UBOB")
    telegram, slack = RecordingBackend(ChatPlatform.TELEGRAM), RecordingBackend(ChatPlatform.SLACK)
    await send_to(db, world.org, [ada, bob])

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram, ChatPlatform.SLACK: slack})

    assert [s.to.platform_user_id for s in telegram.sent] == ["1000"]
    assert [s.to.platform_user_id for s in slack.sent] == ["UBOB"]


async def test_a_chosen_platform_wins_over_the_one_used_last(
    db: async_sessionmaker[AsyncSession], database_url: URL, world: World
) -> None:
    ada = world.trainees[0]
    await link(db, ada, ChatPlatform.SLACK, "UADA", notify_here=True)
    async with db() as session:
        await session.execute(text("UPDATE chat_identities SET last_seen_at = now() WHERE platform_user_id = '1000'"))
        await session.commit()
    telegram, slack = RecordingBackend(ChatPlatform.TELEGRAM), RecordingBackend(ChatPlatform.SLACK)
    await send_to(db, world.org, [ada])

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram, ChatPlatform.SLACK: slack})

    assert telegram.sent == []
    assert [s.to.platform_user_id for s in slack.sent] == ["UADA"]


async def test_each_job_waits_on_the_entrypoint_of_the_platform_it_will_likely_go_out_on(
    db: async_sessionmaker[AsyncSession], world: World
) -> None:
    await link(db, world.trainees[0], ChatPlatform.SLACK, "UADA", notify_here=True)
    async with db() as session:
        await session.execute(text("DELETE FROM chat_identities WHERE platform_user_id = '1002'"))
        await session.commit()

    await send_to(db, world.org, world.trainees)

    async with db() as session:
        rows = await session.execute(text("SELECT entrypoint, count(*) FROM pgqueuer GROUP BY 1"))
        assert dict(rows.all()) == {"deliver_slack": 1, "deliver_telegram": 1, "deliver": 1}
