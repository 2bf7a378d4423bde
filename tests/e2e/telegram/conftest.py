from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import Services, build_services
from bot.commands.serve import platform_setups
from bot.web import create_app
from tests.e2e.telegram.harness import MemoryPolls, RecordingChat, TelegramHarness, served, serving, telegram_settings
from tests.support.fake_telegram import FakeTelegram, running_fake_telegram


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    async with running_fake_telegram() as fake:
        yield fake


@pytest.fixture
def chat() -> RecordingChat:
    return RecordingChat()


@pytest.fixture
def polls() -> MemoryPolls:
    return MemoryPolls()


@pytest.fixture
async def telegram(
    fake_telegram: FakeTelegram, chat: RecordingChat, polls: MemoryPolls
) -> AsyncIterator[TelegramHarness]:
    async with serving(fake_telegram, chat, polls) as harness:
        yield harness


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> AsyncIterator[TelegramHarness]:
    """The app as `learnbot serve` builds it: bot.web with the platform setups, Telegram configured."""
    settings = telegram_settings(fake_telegram).model_copy(update={"data_dir": tmp_path})
    services: Services = build_services(settings, db)
    async with served(create_app(services, platform_setups(services)), fake_telegram) as harness:
        yield harness
