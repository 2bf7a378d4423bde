"""setup_slack: off without a bot token, refusing a configuration that could not verify requests."""

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.slack.send import unencoded
from adapters.slack.setup import SLACK, setup_slack
from bot.settings import Settings, SlackSettings
from tests.e2e.slack.harness import BOT_TOKEN, MemoryInbox, RecordingChat


async def test_without_a_bot_token_slack_is_off_and_the_route_is_absent(
    chat: RecordingChat, inbox: MemoryInbox
) -> None:
    app = web.Application()
    setup_slack(app, Settings(slack=SlackSettings(bot_token=None, app_token=None)), chat, inbox=inbox)

    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        response = await client.post("/slack/events", data=b"{}")

    assert SLACK not in app
    assert response.status == 404


def test_a_bot_token_without_a_signing_secret_or_app_token_is_refused(chat: RecordingChat, inbox: MemoryInbox) -> None:
    settings = Settings(slack=SlackSettings(bot_token=BOT_TOKEN, signing_secret=None, app_token=None))

    with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
        setup_slack(web.Application(), settings, chat, inbox=inbox, encoder_for=unencoded)


def test_a_chat_handler_other_than_the_chat_service_needs_its_inbox_and_encoder(chat: RecordingChat) -> None:
    settings = Settings(slack=SlackSettings(bot_token=BOT_TOKEN, signing_secret="secret", app_token=None))

    with pytest.raises(TypeError, match="inbox= and encoder_for="):
        setup_slack(web.Application(), settings, chat)
