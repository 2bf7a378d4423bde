"""Turns per sender: at most PER_SENDER of one person's updates are worked on at once, the rest wait their turn
in arrival order without holding a database connection, so one person sending hundreds of updates at once
cannot take the connection pool (and everyone else's reply time) for themselves."""

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager

PER_SENDER = 1


class Turns:
    def __init__(self, per_sender: int = PER_SENDER) -> None:
        if per_sender < 1:
            raise ValueError("a sender needs at least one turn at a time")
        self.per_sender = per_sender
        # Per sender with updates in flight or waiting: their gate and how many hold or wait for it.
        self._gates: dict[Hashable, tuple[asyncio.Semaphore, int]] = {}

    @asynccontextmanager
    async def of(self, sender: Hashable) -> AsyncIterator[None]:
        """Waits for the sender's turn (FIFO among their updates) and holds it for the block."""
        gate, users = self._gates.get(sender) or (asyncio.Semaphore(self.per_sender), 0)
        self._gates[sender] = (gate, users + 1)
        try:
            async with gate:
                yield
        finally:
            gate, users = self._gates[sender]
            if users == 1:
                del self._gates[sender]
            else:
                self._gates[sender] = (gate, users - 1)

    def waiting(self, sender: Hashable) -> int:
        """How many of the sender's updates hold or wait for a turn."""
        return self._gates.get(sender, (None, 0))[1]
