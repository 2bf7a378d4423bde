from collections.abc import AsyncIterator

import pytest

from adapters.slack.send import unencoded
from tests.e2e.slack.harness import MemoryInbox, RecordingChat, SlackHarness, serving
from tests.support.fake_slack import FakeSlack


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
def chat() -> RecordingChat:
    return RecordingChat()


@pytest.fixture
def inbox(chat: RecordingChat) -> MemoryInbox:
    return MemoryInbox(chat)


@pytest.fixture
async def slack(fake_slack: FakeSlack, chat: RecordingChat, inbox: MemoryInbox) -> AsyncIterator[SlackHarness]:
    async with serving(fake_slack, chat, inbox, encoder_for=unencoded) as harness:
        yield harness
