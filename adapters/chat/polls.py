"""Telegram quiz polls: remember which answer action a poll stands for, and find it when its vote comes.

A poll_answer update carries only the poll id, the voter and the chosen option, so the adapter has the poll
remembered when it sends it (`TelegramPolls`, the Telegram adapter's PollBook port, on the telegram_polls
table). The vote arrives as an Incoming with poll_id and poll_option; the chat service reads the poll in the
voter's own transaction (`voted_action`), where row-level security applies and only the poll's recipient
finds it.
"""

import logging
import uuid
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.unit_of_work import UnitOfWork
from infrastructure.chat_lookups import REMEMBER_TELEGRAM_POLL, single_statement
from infrastructure.driver_statements import scalar

log = logging.getLogger(__name__)

ANSWER_ACTION = text("SELECT answer_action FROM telegram_polls WHERE poll_id = :poll_id AND user_id = :user_id")


class SentPoll(Protocol):
    """What the adapter knows about a poll it sent (adapters.telegram.polls.SentPoll has these fields)."""

    @property
    def poll_id(self) -> str: ...
    @property
    def platform_user_id(self) -> str: ...
    @property
    def chat_id(self) -> str: ...
    @property
    def message_id(self) -> int: ...
    @property
    def answer_action(self) -> str: ...


async def voted_action(uow: UnitOfWork, poll_id: str, user_id: uuid.UUID, option: int) -> str | None:
    """The answer action of the voter's chosen option (Quiz.answer_action + its index); None when the poll is
    unknown or was sent to someone else."""
    found = await uow.fetch_one(ANSWER_ACTION, {"poll_id": poll_id, "user_id": user_id})
    return None if found is None else f"{found.answer_action}{option}"


class TelegramPolls:
    """The polls of one bot, kept in PostgreSQL so any instance can take the answer."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def remember(self, poll: SentPoll) -> None:
        """Keep a sent poll, in one statement (the same poll id twice keeps the first); a poll sent to someone
        not linked (which a reply cannot be) is not kept."""
        linked = await single_statement(
            self.sessionmaker,
            REMEMBER_TELEGRAM_POLL,
            poll_id=poll.poll_id,
            platform_user_id=poll.platform_user_id,
            chat_id=poll.chat_id,
            message_id=poll.message_id,
            answer_action=poll.answer_action,
        )
        if not scalar(linked):
            log.warning(
                "telegram poll %s went to %s, who is not linked; its answer will be ignored",
                poll.poll_id,
                poll.platform_user_id,
            )
