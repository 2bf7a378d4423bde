"""The port for native quiz polls: a poll_answer carries only the poll id and the voter, so sent polls are kept.

The conversation layer implements it on the telegram_polls table (adapters/chat/polls.py) and reads a vote's
poll there itself (Incoming.poll_id); tests may use a fake.
"""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SentPoll:
    poll_id: str
    # The person the quiz was sent to (Telegram user id as text), and where it went.
    platform_user_id: str
    chat_id: str
    message_id: int
    # Runs with the chosen option's index appended (domain.replies.Quiz.answer_action).
    answer_action: str


class PollBook(Protocol):
    async def remember(self, poll: SentPoll) -> None:
        """Keep the poll so its poll_answer can be understood later."""
