"""The delivery outbox: enqueued with the change, sent once through the platform, every outcome recorded."""

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.backend import RateLimited, SendUncertain, TemporaryFailure, Unreachable
from domain.delivery.outbox import Outgoing, deliver
from domain.models.delivery import DeliveryKind
from domain.models.enums import ChatPlatform
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.delivery.conftest import FAST, World, link, run_workers, send_to, statuses
from tests.support.fake_backend import RecordingBackend


async def test_a_committed_delivery_is_sent_once_and_recorded_with_its_message_id(
    db: async_sessionmaker[AsyncSession], database_url: URL, world: World
) -> None:
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)
    await send_to(db, world.org, world.trainees, "Your essay was graded")

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram})

    assert sorted(s.to.platform_user_id for s in telegram.sent) == ["1000", "1001", "1002"]
    assert {s.replies[0].text for s in telegram.sent} == {"Your essay was graded"}
    async with db() as session:
        rows = (
            await session.execute(text("SELECT status, platform, platform_message_ids, attempts FROM deliveries"))
        ).all()
    assert {(r.status, r.platform, r.attempts) for r in rows} == {("sent", "telegram", 1)}
    assert all(len(r.platform_message_ids) == 1 for r in rows)


async def test_a_change_that_rolls_back_enqueues_nothing(db: async_sessionmaker[AsyncSession], world: World) -> None:
    async with PostgresUnitsOfWork(db).open(organization_id=world.org.id) as uow:
        await deliver(uow, DeliveryKind.GRADING, [Outgoing(world.trainees[0].id, [Reply(text="never")])])
        # no commit: the change failed

    async with db() as session:
        assert await session.scalar(text("SELECT count(*) FROM deliveries")) == 0
        assert await session.scalar(text("SELECT count(*) FROM pgqueuer")) == 0


async def test_a_rate_limited_send_is_sent_again_after_retry_after_and_not_lost(
    db: async_sessionmaker[AsyncSession], database_url: URL, world: World
) -> None:
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)
    telegram.fail_next["1000"].append(RateLimited("Too Many Requests: retry after 1", retry_after=1.0))
    await send_to(db, world.org, world.trainees[:1])

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram})

    assert len(telegram.to("1000")) == 1
    first, second = telegram.attempts
    assert second.at - first.at >= 0.95
    assert (await statuses(db))[world.trainees[0].id][0] == "sent"


async def test_a_blocked_bot_marks_the_identity_unreachable_and_is_never_tried_again(
    db: async_sessionmaker[AsyncSession], database_url: URL, world: World
) -> None:
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)
    telegram.fail_next["1000"].append(Unreachable("Forbidden: bot was blocked by the user"))
    await send_to(db, world.org, world.trainees[:1], "first")

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram})
    await send_to(db, world.org, world.trainees[:1], "second")
    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram})

    assert len(telegram.attempts) == 1
    async with db() as session:
        identity = (
            await session.execute(
                text("SELECT unreachable_at, unreachable_reason FROM chat_identities WHERE platform_user_id = '1000'")
            )
        ).one()
        reasons = (await session.scalars(text("SELECT failure_reason FROM deliveries WHERE status = 'failed'"))).all()
    assert identity.unreachable_at is not None
    assert identity.unreachable_reason == "Forbidden: bot was blocked by the user"
    assert len(reasons) == 2


async def test_a_person_unreachable_on_one_platform_gets_it_on_their_other_one(
    db: async_sessionmaker[AsyncSession], database_url: URL, world: World
) -> None:
    person = world.trainees[0]
    await link(db, person, ChatPlatform.SLACK, "U1")
    telegram, slack = RecordingBackend(ChatPlatform.TELEGRAM), RecordingBackend(ChatPlatform.SLACK)
    telegram.fail_next["1000"].append(Unreachable("Forbidden: bot was blocked by the user"))
    slack.fail_next["U1"].append(Unreachable("channel_not_found"))
    await link(db, world.trainees[1], ChatPlatform.SLACK, "U2")
    await send_to(db, world.org, world.trainees[:1])

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram, ChatPlatform.SLACK: slack})

    # Telegram was newer, so it was tried first; then Slack, which failed too: the delivery failed.
    assert [a.to.platform for a in telegram.attempts + slack.attempts] == ["telegram", "slack"]
    assert (await statuses(db))[person.id][0] == "failed"


async def test_an_uncertain_send_is_recorded_and_not_repeated(
    db: async_sessionmaker[AsyncSession], database_url: URL, world: World
) -> None:
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)
    telegram.fail_next["1000"].append(SendUncertain("timed out after the request was sent"))
    await send_to(db, world.org, world.trainees[:1])

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram})

    assert len(telegram.attempts) == 1
    assert (await statuses(db))[world.trainees[0].id] == ("uncertain", "timed out after the request was sent")


async def test_a_temporary_failure_is_retried_with_backoff_then_given_up(
    db: async_sessionmaker[AsyncSession], database_url: URL, world: World
) -> None:
    telegram = RecordingBackend(ChatPlatform.TELEGRAM)
    telegram.fail_next["1000"] += [TemporaryFailure("502 Bad Gateway")]
    telegram.fail_next["1001"] += [TemporaryFailure("502 Bad Gateway")] * 3
    await send_to(db, world.org, world.trainees[:2])

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: telegram})

    found = await statuses(db)
    assert found[world.trainees[0].id] == ("sent", None)
    assert found[world.trainees[1].id] == ("failed", "502 Bad Gateway")
    assert len([a for a in telegram.attempts if a.to.platform_user_id == "1001"]) == 3
    first, second, third = [a.at for a in telegram.attempts if a.to.platform_user_id == "1001"]
    # Each retry waits its backoff (base, then twice the base); a loaded machine may add to either wait, so the
    # gaps are checked against their lower bounds rather than against each other.
    base = FAST.backoff_seconds
    assert second - first >= base
    assert third - second >= 2 * base


async def test_someone_not_linked_anywhere_gets_a_failed_delivery_with_the_reason(
    db: async_sessionmaker[AsyncSession], database_url: URL, world: World
) -> None:
    async with db() as session:
        await session.execute(text("DELETE FROM chat_identities WHERE user_id = :u"), {"u": world.trainees[0].id})
        await session.commit()
    await send_to(db, world.org, world.trainees[:1])

    await run_workers(db, database_url, {ChatPlatform.TELEGRAM: RecordingBackend(ChatPlatform.TELEGRAM)})

    status, reason = (await statuses(db))[world.trainees[0].id]
    assert status == "failed"
    assert reason is not None
    assert "no reachable chat account" in reason
