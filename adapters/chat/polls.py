"""Telegram quiz polls: remember which answer action a poll stands for, and find it when a poll_answer comes.

A poll_answer update carries only the poll id, the voter and the chosen option ids, so the adapter stores
the poll when it sends it and, on the answer, gets the Incoming from here. `TelegramPolls` implements the
Telegram adapter's PollBook port (remember / answer) on the telegram_polls table.
"""

import logging
import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.codec import ActionCodec
from adapters.chat.incoming import Incoming
from adapters.chat.lookups import find_sender, without_tenant
from domain.models import TelegramPoll
from domain.models.enums import ChatPlatform
from domain.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollRecord:
    poll_id: str
    organization_id: uuid.UUID
    user_id: uuid.UUID
    chat_id: str
    message_id: int
    answer_action: str

    def action_for(self, option_index: int) -> str:
        """The answer action for the chosen option (Quiz.answer_action + the option's index)."""
        return f"{self.answer_action}{option_index}"


async def remember_poll(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    poll_id: str,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    chat_id: str,
    message_id: int,
    answer_action: str,
) -> None:
    """Store a sent quiz poll (idempotent: the same poll id twice keeps the first)."""
    async with UnitOfWork(sessionmaker, organization_id=organization_id, actor_id=user_id) as uow:
        existing = await uow.session.get(TelegramPoll, poll_id)
        if existing is None:
            uow.session.add(
                TelegramPoll(
                    poll_id=poll_id,
                    organization_id=organization_id,
                    user_id=user_id,
                    chat_id=chat_id,
                    message_id=message_id,
                    answer_action=answer_action,
                )
            )
            await uow.commit()


async def find_poll(sessionmaker: async_sessionmaker[AsyncSession], poll_id: str) -> PollRecord | None:
    """The stored poll, found before the tenant is known (SECURITY DEFINER find_telegram_poll)."""
    async with without_tenant(sessionmaker) as session:
        row = (await session.execute(text("SELECT * FROM find_telegram_poll(:poll)"), {"poll": poll_id})).first()
    if row is None:
        return None
    return PollRecord(poll_id, row.organization_id, row.user_id, row.chat_id, row.message_id, row.answer_action)


async def poll_answer(
    sessionmaker: async_sessionmaker[AsyncSession],
    codec: ActionCodec,
    *,
    update_key: str,
    poll_id: str,
    voter_id: str,
    option_ids: list[int],
) -> Incoming | None:
    """The Incoming for a poll_answer update: the voter pressing the chosen option's answer action.

    None when the poll is unknown or the vote was retracted (no option); the adapter then ignores the update.
    """
    poll = await find_poll(sessionmaker, poll_id)
    if poll is None or not option_ids:
        return None
    return Incoming(
        platform=ChatPlatform.TELEGRAM,
        workspace_id="",
        platform_user_id=voter_id,
        chat_id=poll.chat_id,
        update_key=update_key,
        action=codec.encode(poll.action_for(option_ids[0]), for_user=voter_id),
    )


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


class TelegramPolls:
    """The polls of one bot, kept in PostgreSQL so any instance can take the answer."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], codec: ActionCodec) -> None:
        self.sessionmaker = sessionmaker
        self.codec = codec

    async def remember(self, poll: SentPoll) -> None:
        """Keep a sent poll; a poll sent to someone not linked (which cannot happen in a reply) is not kept."""
        sender = await find_sender(self.sessionmaker, str(ChatPlatform.TELEGRAM), "", poll.platform_user_id)
        if sender is None:
            log.warning(
                "telegram poll %s went to %s, who is not linked; its answer will be ignored",
                poll.poll_id,
                poll.platform_user_id,
            )
            return
        await remember_poll(
            self.sessionmaker,
            poll_id=poll.poll_id,
            organization_id=sender.organization_id,
            user_id=sender.user_id,
            chat_id=poll.chat_id,
            message_id=poll.message_id,
            answer_action=poll.answer_action,
        )

    async def answer(self, *, update_key: str, poll_id: str, voter_id: str, option_ids: list[int]) -> Incoming | None:
        """The Incoming for a vote, or None when the poll is not ours or the vote was retracted."""
        return await poll_answer(
            self.sessionmaker,
            self.codec,
            update_key=update_key,
            poll_id=poll_id,
            voter_id=voter_id,
            option_ids=option_ids,
        )
