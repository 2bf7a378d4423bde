"""The event loop LearnBot runs on: uvloop where it is installed (it is not on Windows), else asyncio's own.

An update's CPU goes mostly to socket writes (to PostgreSQL and the chat platform's API), and uvloop's
transports make each of them cheaper (bench/telegram_webhook.py runs on this loop too).
"""

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

Result = TypeVar("Result")


def run(main: Coroutine[Any, Any, Result]) -> Result:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


def policy() -> asyncio.AbstractEventLoopPolicy:
    """The loop policy `run` stands for, for a runner that makes its own loops (pytest-asyncio)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.DefaultEventLoopPolicy()
    uvloop_policy: asyncio.AbstractEventLoopPolicy = uvloop.EventLoopPolicy()
    return uvloop_policy
