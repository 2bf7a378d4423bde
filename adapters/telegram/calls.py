"""One Bot API call with Telegram's failures handled.

A 429 is waited out (a bounded number of times, for a bounded wait); a call that timed out is never sent
again, since Telegram may have done it; a person who blocked the bot (403) is reported as Blocked;
anything else is logged, not raised.
"""

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)
Result = TypeVar("Result")


class Blocked(Exception):
    """The person blocked the bot (403): nothing more can reach them."""


class BotCall:
    def __init__(self, *, max_attempts: int = 3, max_wait: float = 30.0) -> None:
        self.max_attempts = max_attempts
        # Telegram waits about 60 s for a webhook answer; a longer flood wait is not worth holding it.
        self.max_wait = max_wait

    async def __call__(
        self, request: Callable[[], Awaitable[Result]], method: str, *, raise_bad_request: bool = False
    ) -> Result | None:
        """The call's result, or None when it failed (logged); BadRequest raised only when asked."""
        for attempt in range(1, self.max_attempts + 1):
            try:
                return await request()
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                if attempt == self.max_attempts or wait > self.max_wait:
                    log.warning("telegram %s still rate limited (retry after %ss); giving up", method, wait)
                    return None
                log.info("telegram %s rate limited; retrying in %ss", method, wait)
                await asyncio.sleep(wait)
            except TimedOut:
                # Telegram may have delivered it anyway; sending again could show it twice.
                log.warning("telegram %s timed out; not retried, it may have been delivered", method)
                return None
            except Forbidden as error:
                raise Blocked(error.message) from None
            except BadRequest as error:
                if raise_bad_request:
                    raise
                log.warning("telegram %s refused: %s", method, error.message)
                return None
            except TelegramError as error:
                log.warning("telegram %s failed: %s", method, error.message)
                return None
        return None


def retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():
        # Reading retry_after as int is deprecated in favour of timedelta (PTB_TIMEDELTA); accept both.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
