"""Property: whatever JSON reaches the webhook with the right secret, the answer is never a 5xx, and an update
refused with a 4xx changes nothing (no row, no message sent). Over the real conversation layer and PostgreSQL.

`pytest -s` prints how many shapes were tried and how the webhook answered them."""

import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from bot.bootstrap import Services, build_services
from bot.settings import Settings
from domain.models import Invite
from tests.e2e.telegram.harness import SECRET, TelegramHarness, serving_backend, telegram_settings
from tests.support import factories
from tests.support.fake_telegram import (
    FakeTelegram,
    Person,
    callback_update,
    contact_update,
    message_update,
    poll_answer_update,
)
from tests.support.generated_payloads import TALLY, fresh, of_every_shape

TESS = Person(811, "Tess", "Trainee")
MENU = {"message_id": 1, "date": 0, "chat": TESS.private_chat(), "text": "Menu"}
WORDS = (
    st.sampled_from(["/courses", "/help", "/my", "/continue", "/done", "/start abc", "courses", "2", ""]) | st.text()
)

GENUINE = st.one_of(
    st.builds(lambda words: message_update(TESS, words), WORDS),
    st.builds(lambda data: callback_update(TESS, json.loads(json.dumps(MENU)), data), st.text(max_size=80)),
    st.builds(
        lambda phone, own: contact_update(TESS, phone, contact_user_id=TESS.id if own else 9),
        st.text(max_size=20),
        st.booleans(),
    ),
    fresh(lambda: poll_answer_update(TESS, {"id": "p1", "options": [{"persistent_id": "0"}]}, 0)),
)
STATE = text(
    "SELECT (SELECT count(*) FROM processed_updates) + (SELECT count(*) FROM audit_logs) "
    "+ (SELECT count(*) FROM chat_identities) + (SELECT count(*) FROM enrollments)"
)


@pytest.fixture(scope="module", autouse=True)
def tally() -> Iterator[None]:
    yield
    shapes = sum(count for key, count in TALLY.items() if key.startswith("telegram shape"))
    answers = {key: count for key, count in TALLY.items() if key.startswith("telegram HTTP")}
    print(f"\nTelegram webhook: {shapes} generated shapes posted; answers {answers}")


@pytest.fixture
async def live(
    db: async_sessionmaker[AsyncSession], fake_telegram: FakeTelegram, tmp_path: Path
) -> AsyncIterator[TelegramHarness]:
    services: Services = build_services(
        Settings(data_dir=tmp_path, telegram=telegram_settings(fake_telegram).telegram), db
    )
    assert services.telegram is not None
    async with db() as session:
        org = await factories.organization(session)
        trainee = await factories.user(session, org, "trainee", first_name="Tess")
        expires = datetime.now(UTC) + timedelta(days=1)
        session.add(Invite(code="GeneratedTess1", organization_id=org.id, user_id=trainee.id, expires_at=expires))
        await session.commit()
    async with serving_backend(services.telegram, fake_telegram) as harness:
        await harness.deliver(message_update(TESS, "/start GeneratedTess1"))
        yield harness


async def state(db: async_sessionmaker[AsyncSession], harness: TelegramHarness) -> tuple[int, int]:
    async with db() as session:
        rows = await session.scalar(STATE)
    return int(rows or 0), len(harness.fake.calls)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(update=of_every_shape(GENUINE))
async def test_no_update_of_any_shape_gets_a_5xx_and_a_refused_one_changes_nothing(
    live: TelegramHarness, db: async_sessionmaker[AsyncSession], update: tuple[bool, Any]
) -> None:
    genuine, body = update
    before = await state(db, live)
    response = await live.client.post(
        WEBHOOK_PATH, data=json.dumps(body), headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    )
    TALLY["telegram shape"] += 1
    TALLY[f"telegram HTTP {response.status}"] += 1
    assert response.status < 500, (body, await response.text())
    if genuine:
        assert response.status == 200, (body, await response.text())
    if 400 <= response.status < 500:
        assert await state(db, live) == before, body
