"""The slack-bolt AsyncApp: signed requests verified, listeners that store, ack, then work."""

import logging
import re

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.intake import SlackIntake

ANY = re.compile(".*")


def web_client(token: str, api_url: str, rate_limit_retries: int = 3) -> AsyncWebClient:
    """A Web API client that waits out 429s (Retry-After) instead of failing; the SDK only retries connections."""
    return AsyncWebClient(
        token=token,
        base_url=api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
        ],
    )


def bolt_app(client: AsyncWebClient, signing_secret: str, intake: SlackIntake) -> AsyncApp:
    """Bolt verifies the signature and the 5-minute timestamp window (401 otherwise) and answers url_verification.

    process_before_response: the ack goes out when a listener returns, i.e. after the inbox stored the
    update; by default bolt would ack events before the listener even ran.
    """
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        process_before_response=True,
        name="learnbot",
        logger=logging.getLogger("adapters.slack.bolt"),
    )
    app.event("message")(intake.on_message)
    app.event("app_mention")(intake.on_message)
    app.event("app_home_opened")(intake.on_home_opened)
    app.event(ANY)(intake.on_other_event)
    app.command("/learn")(intake.on_command)
    app.block_action(ANY)(intake.on_button)
    return app
