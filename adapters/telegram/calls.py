"""One Bot API call with Telegram's failures handled, in one of two ways.

BotCall, for the replies to the person who wrote: a 429 is waited out (a bounded number of times, for a
bounded wait); a call that timed out is never sent again, since Telegram may have done it; a person who
blocked the bot (403) is reported as Blocked; anything else is logged, not raised.

OneAttempt, for ChatBackend.send (the delivery outbox decides about retries): one request, and any failure
raised as the SendFailed kind that says what the caller may do next.
"""

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

import aiohttp
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.warnings import PTBDeprecationWarning

from adapters.chat.backend import RateLimited, SendFailed, SendUncertain, TemporaryFailure, Unreachable

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

    def refused(self, method: str, error: BadRequest) -> None:
        """A message Telegram does not take even in its plainest form: logged, and the rest goes on."""
        log.warning("telegram refused %s: %s", method, error.message)


# What Telegram answers (400) when the chat or the person does not exist (any more) for this bot.
GONE = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")


class OneAttempt:
    """One Bot API call for a delivery: never repeated, never waited out; a failure raised as a SendFailed kind."""

    async def __call__(
        self, request: Callable[[], Awaitable[Result]], method: str, *, raise_bad_request: bool = False
    ) -> Result | None:
        try:
            return await request()
        except BadRequest as error:
            if any(gone in error.message.lower() for gone in GONE):
                raise Unreachable(f"telegram {method}: {error.message}") from error
            if raise_bad_request:
                raise
            self.refused(method, error)
        except TelegramError as error:
            raise send_failure(method, error) from error
        return None

    def refused(self, method: str, error: BadRequest) -> None:
        """A message Telegram does not take: sending it again fails the same way, though the person is reachable."""
        raise SendFailed(f"telegram refused {method}: {error.message}") from error


def send_failure(method: str, error: TelegramError) -> SendFailed:
    """The SendFailed kind of a failed Bot API request."""
    reason = f"telegram {method}: {error.message}"
    if isinstance(error, RetryAfter):
        return RateLimited(reason, retry_after_seconds(error))
    if isinstance(error, Forbidden):
        return Unreachable(reason)  # blocked by the user, or the user is deactivated
    if isinstance(error, NetworkError) and not _before_sending(error):
        # A timeout, or the connection broke once the request was out: Telegram may have performed it.
        return SendUncertain(reason)
    return TemporaryFailure(reason)  # not connected, or Telegram answered 5xx: nothing was performed


def _before_sending(error: NetworkError) -> bool:
    """The request never reached Telegram (no connection), or Telegram answered it with an error status."""
    cause = error.__cause__
    if cause is None:
        # PTB raises NetworkError itself for a 5xx answer; a TimedOut always has the transport's error as cause.
        return not isinstance(error, TimedOut)
    return isinstance(cause, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError)


def retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():
        # Reading retry_after as int is deprecated in favour of timedelta (PTB_TIMEDELTA); accept both.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
