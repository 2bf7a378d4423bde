"""Slack's configuration: off without a bot token, refusing one that could not verify requests."""

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from bot.bootstrap import build_services, slack_config
from bot.commands.serve import platform_setups
from bot.settings import Settings, SlackSettings
from bot.web import create_app
from domain.models.enums import ChatPlatform
from tests.e2e.slack.harness import BOT_TOKEN


def sessionmaker_of_nothing() -> async_sessionmaker[AsyncSession]:
    """Nothing here reaches a database; the engine is never connected."""
    return async_sessionmaker(create_async_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none"))


async def test_without_a_bot_token_slack_is_off_and_the_route_is_absent(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, slack=SlackSettings(bot_token=None, app_token=None))
    services = build_services(settings, sessionmaker_of_nothing())
    app = create_app(services, platform_setups(services))

    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        response = await client.post("/slack/events", data=b"{}")

    assert services.slack is None
    assert ChatPlatform.SLACK not in services.backends
    assert response.status == 404


def test_a_bot_token_without_a_signing_secret_or_app_token_is_refused() -> None:
    settings = Settings(slack=SlackSettings(bot_token=BOT_TOKEN, signing_secret=None, app_token=None))

    with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
        slack_config(settings)
