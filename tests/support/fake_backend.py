"""A fake of the ChatBackend port: records every send, and fails the ones a test scripts to fail.

Like the real backends, it has the registry write the commands of buttons as their action lines before it
records the replies (a command no phrase writes fails the send), so a test presses a recorded button as a
person would.
"""

import os
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from adapters.chat.backend import ChatAddress, SendFailed, Sent, WithActions
from adapters.chat.phrases import full_grammar
from domain.models.enums import ChatPlatform
from domain.replies import Reply


@dataclass(frozen=True)
class Sending:
    to: ChatAddress
    replies: list[Reply]
    at: float


@dataclass
class RecordingBackend:
    """Sends succeed unless `fail_next[platform_user_id]` holds failures (raised in order, one per send).

    With `journal`, each send that succeeded is also appended to that file by one write() before returning,
    so a test can count what a killed worker process sent (a write survives kill -9 once it returned).
    """

    platform: ChatPlatform
    journal: str | None = None
    delay: float = 0.0
    # Appended to each journal line (a worker process puts its pid here).
    tag: str = ""
    sent: list[Sending] = field(default_factory=list)
    attempts: list[Sending] = field(default_factory=list)
    fail_next: dict[str, list[SendFailed]] = field(default_factory=lambda: defaultdict(list))
    with_actions: WithActions = field(default_factory=lambda: full_grammar().with_actions)

    async def send(self, to: ChatAddress, replies: Sequence[Reply]) -> Sent:
        import asyncio

        sending = Sending(to, self.with_actions(replies), time.monotonic())
        self.attempts.append(sending)
        if self.delay:
            await asyncio.sleep(self.delay)
        failures = self.fail_next.get(to.platform_user_id)
        if failures:
            raise failures.pop(0)
        self.sent.append(sending)
        if self.journal is not None:
            words = (replies[0].text if replies else "").replace("\n", " ")
            line = f"{to.platform}:{to.platform_user_id}:{words} {self.tag}"
            descriptor = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(descriptor, (line + "\n").encode())
            finally:
                os.close(descriptor)
        return Sent([f"m{len(self.sent)}"])

    def to(self, platform_user_id: str) -> list[Sending]:
        return [s for s in self.sent if s.to.platform_user_id == platform_user_id]
