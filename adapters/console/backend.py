"""ConsoleBackend: the ChatBackend for the terminal. A typed line becomes an Incoming in ConsoleSession; `send`
prints what reaches a person who did not write (announcements, reminders) and keeps a transcript, so a whole
conversation reads as a test."""

import itertools
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from adapters.chat.backend import ChatAddress, Sent, WithActions
from adapters.console.render import render
from domain.models.enums import ChatPlatform
from domain.replies import Reply


@dataclass(frozen=True)
class Delivered:
    to: ChatAddress
    text: str
    message_id: str


class ConsoleBackend:
    """Implements adapters.chat.backend.ChatBackend."""

    platform = ChatPlatform.CONSOLE

    def __init__(self, output: TextIO | None = None, *, with_actions: WithActions = list) -> None:
        self.with_actions = with_actions
        # None: the process's stdout at the time of sending.
        self.output = output
        self.transcript: list[Delivered] = []
        self._ids = itertools.count(1)

    async def send(self, to: ChatAddress, replies: Sequence[Reply]) -> Sent:
        """Print the replies as one block addressed to the person; the console never refuses."""
        rendered = render(self.with_actions(replies))
        if not rendered.text:
            return Sent()
        delivered = Delivered(to, rendered.text, str(next(self._ids)))
        self.transcript.append(delivered)
        output = self.output or sys.stdout
        print(f"[to {to.platform_user_id}]\n{rendered.text}\n", file=output, flush=True)
        return Sent([delivered.message_id])
