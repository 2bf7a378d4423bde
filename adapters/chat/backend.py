"""The one contract every chat platform implements (Telegram, Slack, the console).

A backend turns its platform's updates into `Incoming` (each in its own way: a webhook body, a Slack
event, a typed line), renders neutral `Reply` objects for its platform, and sends replies to a person it
was not answering: `send` reaches someone by their chat identity (announcements, messages, reminders,
grading results), which is what the delivery worker calls.

`send` makes one attempt and says exactly how it ended, so the caller (the delivery outbox) decides about
retries: it returns `Sent` with the platform's message ids, or raises one of the `SendFailed` kinds below.
It never sleeps through a rate limit itself and never repeats a request that may have been performed.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from domain.models.enums import ChatPlatform
from domain.replies import Reply


@dataclass(frozen=True)
class ChatAddress:
    """Where one person is reached on one platform: a row of chat_identities."""

    platform: ChatPlatform
    # Slack team id; '' on Telegram and the console.
    workspace_id: str
    platform_user_id: str
    # The direct chat (Telegram chat id, Slack DM channel id); None when not known yet (Slack opens one).
    chat_id: str | None = None


@dataclass(frozen=True)
class Sent:
    """The platform took every message; their ids in order (Telegram message_id, Slack ts)."""

    message_ids: list[str] = field(default_factory=list)


class SendFailed(Exception):
    """A send that did not happen (or may not have); the subclasses say what the caller may do next."""

    def __init__(self, reason: str, *, sent: Sent | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        # Messages of this send that the platform had already taken before it failed (a reply of several).
        self.sent = sent or Sent()


class RateLimited(SendFailed):
    """The platform said 429: send again after `retry_after` seconds."""

    def __init__(self, reason: str, retry_after: float, *, sent: Sent | None = None) -> None:
        super().__init__(reason, sent=sent)
        self.retry_after = retry_after


class Unreachable(SendFailed):
    """Permanent for this address: the bot was blocked, the user is gone, the channel does not exist.

    Sending again will fail the same way; the identity is to be marked unreachable.
    """


class SendUncertain(SendFailed):
    """The request timed out or the connection broke after it was sent: the platform may have performed it.

    Repeating it blindly could show the message twice.
    """


class TemporaryFailure(SendFailed):
    """Nothing was performed (a connection refused, a 5xx): safe to try again later."""


# The chat registry's Grammar.with_actions: buttons that carry a command get their action line before rendering.
WithActions = Callable[[Sequence[Reply]], list[Reply]]


class ChatBackend(Protocol):
    """One chat platform, as the conversation layer and the delivery worker see it."""

    @property
    def platform(self) -> ChatPlatform: ...

    async def send(self, to: ChatAddress, replies: Sequence[Reply]) -> Sent:
        """Render the replies for this platform and post them to the person at `to`, in order.

        One attempt: raises RateLimited, Unreachable, SendUncertain or TemporaryFailure when it does not
        end with every message taken.
        """
        ...
