"""What the end-to-end delivery tests share: both fake platforms at once, services configured for both, people
linked to a chat, and the real delivery worker run until every delivery has ended."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.delivery.sending import DeliverySender
from adapters.delivery.worker import DeliveryWorker, asyncpg_dsn
from bot.bootstrap import Services, build_services
from bot.delivery import delivery_backends, limits_of
from bot.settings import DeliverySettings, Settings, SlackSettings, TelegramSettings
from domain.models import ChatIdentity, User
from tests.integration.delivery.conftest import wait_until_final
from tests.support.fake_slack import TEAM_ID, FakeSlack

# Per-chat spacing short enough for tests, long enough that the limits still shape the order of sends.
FAST_DELIVERY = DeliverySettings(telegram_chat_interval=0.2, slack_channel_interval=0.2, backoff_seconds=0.1)
Db = async_sessionmaker[AsyncSession]


@asynccontextmanager
async def running_fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


def both_platforms(
    db: Db,
    telegram: TelegramSettings,
    slack: SlackSettings,
    data_dir: Path,
    delivery: DeliverySettings = FAST_DELIVERY,
) -> Services:
    """The services of a `learnbot serve` with Telegram and Slack configured (against the fakes)."""
    return build_services(Settings(data_dir=data_dir, telegram=telegram, slack=slack, delivery=delivery), db)


def slack_on(fake: FakeSlack) -> SlackSettings:
    return SlackSettings(bot_token="xoxb-test", signing_secret="secret", api_url=fake.api_url)


async def stored_commands(db: Db, kind: str) -> list[Any]:
    """The commands on the buttons of the deliveries of this kind, as the outbox keeps them (JSON)."""
    async with db() as session:
        rows = await session.scalars(text("SELECT replies FROM deliveries WHERE kind = :kind"), {"kind": kind})
        return [button.get("command") for replies in rows for reply in replies for button in reply["buttons"]]


async def link_chat(db: Db, person: User, platform: str, user_id: str, chat_id: str) -> None:
    """The person's chat identity, as linking would leave it (Slack ones in the fake's workspace)."""
    async with db() as session:
        session.add(
            ChatIdentity(
                organization_id=person.organization_id,
                user_id=person.id,
                platform=platform,
                workspace_id=TEAM_ID if platform == "slack" else "",
                platform_user_id=user_id,
                dm_chat_id=chat_id,
            )
        )
        await session.commit()


async def deliver_all(
    services: Services, database_url: URL, db: Db, delivery: DeliverySettings = FAST_DELIVERY, within: float = 30
) -> None:
    """Runs the real delivery worker on the configured platforms until every queued delivery has ended."""
    sender = DeliverySender(services.bus.units, delivery_backends(services), limits_of(delivery))
    worker = DeliveryWorker(asyncpg_dsn(database_url), sender, heartbeat_timeout=5)
    task = asyncio.create_task(worker.run())
    try:
        await wait_until_final(db, within)
    finally:
        worker.stop()
        await task
