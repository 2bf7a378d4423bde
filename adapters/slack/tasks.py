"""Work done after the ack: kept referenced, one person's updates in arrival order, awaited at shutdown."""

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class AfterAck:
    def __init__(self) -> None:
        self.running: set[asyncio.Task[None]] = set()
        self.locks: dict[str, asyncio.Lock] = {}
        self.queued: dict[str, int] = {}

    def start(self, person: str, work: Coroutine[Any, Any, None]) -> None:
        """Runs `work` in the background after the person's earlier work, so their replies keep their order."""
        task = asyncio.ensure_future(self._in_turn(person, work))
        self.running.add(task)
        task.add_done_callback(self.running.discard)

    async def _in_turn(self, person: str, work: Coroutine[Any, Any, None]) -> None:
        lock = self.locks.setdefault(person, asyncio.Lock())
        self.queued[person] = self.queued.get(person, 0) + 1
        try:
            async with lock:
                await work
        except Exception:
            log.exception("Slack work for %s failed after the ack", person)
        finally:
            work.close()  # a no-op once it ran; silences "never awaited" when cancelled while queued
            self.queued[person] -= 1
            if not self.queued[person]:
                del self.queued[person], self.locks[person]

    async def drain(self, patience: float = 10.0) -> None:
        """Waits for the work in hand (at shutdown, or in tests); what still runs after `patience` s is cancelled."""
        if not self.running:
            return
        _, pending = await asyncio.wait(set(self.running), timeout=patience)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
