"""The event loop LearnBot runs on: uvloop where it is installed (it is not on Windows), else asyncio's own.

An update's CPU goes mostly to socket writes (to PostgreSQL and the chat platform's API), and uvloop's
transports make each of them cheaper (bench/telegram_webhook.py runs on this loop too).
"""

import asyncio
from collections.abc import Coroutine
from types import ModuleType
from typing import Any, TypeVar

Result = TypeVar("Result")


def _uvloop() -> ModuleType | None:
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop


def run(main: Coroutine[Any, Any, Result]) -> Result:
    uvloop = _uvloop()
    result: Result = asyncio.run(main) if uvloop is None else uvloop.run(main)
    return result


def policy() -> asyncio.AbstractEventLoopPolicy:
    """The loop policy `run` stands for, for a runner that makes its own loops (pytest-asyncio)."""
    uvloop = _uvloop()
    loop_policy: asyncio.AbstractEventLoopPolicy = (
        asyncio.DefaultEventLoopPolicy() if uvloop is None else uvloop.EventLoopPolicy()
    )
    return loop_policy
