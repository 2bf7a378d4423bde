from collections.abc import AsyncIterator

import pytest

from tests.e2e.telegram.harness import MemoryPolls, RecordingChat, TelegramHarness, serving
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
