"""The poll port on the conversation layer's telegram_polls table (adapters/chat/polls.py)."""

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.codec import ActionCodec
from adapters.chat.incoming import Incoming
from adapters.chat.lookups import find_sender
from adapters.chat.polls import poll_answer, remember_poll
from adapters.telegram.polls import SentPoll
from domain.models.enums import ChatPlatform

log = logging.getLogger(__name__)


class StoredPolls:
    """Implements adapters.telegram.polls.PollBook."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], codec: ActionCodec) -> None:
        self.sessionmaker = sessionmaker
        self.codec = codec

    async def remember(self, poll: SentPoll) -> None:
        sender = await find_sender(self.sessionmaker, str(ChatPlatform.TELEGRAM), "", poll.platform_user_id)
        if sender is None:
            log.warning("telegram poll %s went to %s, who is not linked; its answer will be ignored", *_ids(poll))
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
        return await poll_answer(
            self.sessionmaker,
            self.codec,
            update_key=update_key,
            poll_id=poll_id,
            voter_id=voter_id,
            option_ids=option_ids,
        )


def _ids(poll: SentPoll) -> tuple[str, str]:
    return poll.poll_id, poll.platform_user_id
