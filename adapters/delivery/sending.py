"""One delivery's attempt: choose where, wait for the rate slot, record the attempt, send once, record how it ended.

Each step is a short transaction in the delivery's organization. The attempt is committed as `sending`
before the platform is called (and how the send ended is recorded right after it, on the same connection),
so a worker killed at any point leaves a state the next run reads correctly: `queued` (nothing happened
yet: send), `sending` (it may have gone out: mark it `uncertain`, never send again), or a final state
(nothing to do).
"""

import asyncio
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from adapters.chat.backend import (
    ChatAddress,
    ChatBackend,
    RateLimited,
    SendFailed,
    SendUncertain,
    Sent,
    TemporaryFailure,
    Unreachable,
)
from adapters.delivery import statements as sql
from domain.delivery.content import replies_of
from domain.delivery.outbox import deliver_ids
from domain.models.delivery import NO_CHAT_ACCOUNT, DeliveryStatus
from domain.models.enums import ChatPlatform
from domain.unit_of_work import UnitOfWork, UnitsOfWork

log = logging.getLogger(__name__)

STOPPED_WHILE_SENDING = "the worker stopped while sending: it may have arrived, so it is not sent again"
# A chat slot further away than this is not waited for: the job goes back to the queue until then.
LONGEST_WAIT = 5.0


@dataclass(frozen=True)
class Limits:
    """Per platform: seconds between two messages overall, and in one chat."""

    platform_interval: Mapping[ChatPlatform, float]
    chat_interval: Mapping[ChatPlatform, float]
    max_attempts: int = 5
    backoff_seconds: float = 2.0


@dataclass(frozen=True)
class Attempt:
    delivery_id: uuid.UUID
    identity_id: uuid.UUID
    address: ChatAddress
    row: Any
    slot: datetime


class DeliverySender:
    """Sends deliveries through the chat backends, within the limits, recording every step."""

    def __init__(
        self,
        units: UnitsOfWork,
        backends: Mapping[ChatPlatform, ChatBackend],
        limits: Limits,
    ) -> None:
        self.units = units
        self.backends = dict(backends)
        self.limits = limits

    async def deliver(self, organization_id: uuid.UUID, delivery_id: uuid.UUID) -> None:
        attempt = await self._prepare(organization_id, delivery_id)
        if attempt is None:
            return
        replies = replies_of(attempt.row)
        backend = self.backends[attempt.address.platform]
        await _sleep_until(attempt.slot)
        # The attempt is committed as `sending` right before the platform is called, and how it ended is
        # recorded on the same connection: nothing waits for the pool between the two. A worker killed in
        # between leaves `sending` (then `uncertain`), so the shorter that stretch, the fewer are uncertain.
        async with self.units.open(organization_id=organization_id) as uow:
            if not await uow.fetch(sql.MARK_SENDING, self._marking(attempt)):
                return
            await uow.commit_so_far()
            try:
                sent = await backend.send(attempt.address, replies)
            except SendFailed as failure:
                await self._failed(uow, attempt, failure)
            except Exception as error:  # a bug in a backend: the request may have gone out
                log.exception("delivery %s: the backend raised", delivery_id)
                await self._failed(uow, attempt, SendUncertain(f"unexpected error: {error!r}"))
            else:
                await uow.fetch(sql.MARK_SENT, {"id": attempt.delivery_id, "message_ids": list(sent.message_ids)})
            await uow.commit()

    async def _prepare(self, organization_id: uuid.UUID, delivery_id: uuid.UUID) -> Attempt | None:
        """Lock the delivery, settle anything it says is over, choose the identity and claim the rate slots."""
        wait_longer: float | None = None
        async with self.units.open(organization_id=organization_id) as uow:
            row = await uow.fetch_one(sql.LOAD, {"id": delivery_id})
            if row is None or row.status not in (DeliveryStatus.QUEUED, DeliveryStatus.SENDING):
                return None
            identity = (
                None
                if row.withdrawn_at
                else await uow.fetch_one(
                    sql.CHOOSE_IDENTITY, {"user_id": row.user_id, "platforms": [str(p) for p in self.backends]}
                )
            )
            over = _over(row, identity)
            if over is not None:
                await self._finish(uow, delivery_id, *over)
                await uow.commit()
                return None
            assert identity is not None
            platform = ChatPlatform(identity.platform)
            chat_slot = await uow.fetch_one(
                sql.CHAT_SLOT, {"id": identity.id, "interval": self.limits.chat_interval.get(platform, 0.0)}
            )
            wait = (chat_slot.slot - _now(chat_slot.slot)).total_seconds()
            if wait > LONGEST_WAIT:
                wait_longer = wait  # not committed: the chat slot stays as it was
            else:
                platform_slot = await uow.fetch_one(
                    sql.PLATFORM_SLOT,
                    {"bucket": str(platform), "interval": self.limits.platform_interval.get(platform, 0.0)},
                )
                await uow.commit()
        if wait_longer is not None:
            # Back to the queue until the chat's slot is near (a job waiting that long would hold a worker).
            await self._later(organization_id, delivery_id, timedelta(seconds=wait_longer - 1), platform)
            return None
        address = ChatAddress(platform, identity.workspace_id, identity.platform_user_id, identity.dm_chat_id)
        return Attempt(delivery_id, identity.id, address, row, max(chat_slot.slot, platform_slot.slot))

    async def _later(self, organization_id: uuid.UUID, delivery_id: uuid.UUID, after: timedelta, platform: str) -> None:
        async with self.units.open(organization_id=organization_id) as uow:
            await deliver_ids(uow, [delivery_id], after=after, platform=platform)
            await uow.commit()

    @staticmethod
    def _marking(attempt: Attempt) -> dict[str, Any]:
        return {"id": attempt.delivery_id, "identity_id": attempt.identity_id, "platform": attempt.address.platform}

    async def _failed(self, uow: UnitOfWork, attempt: Attempt, failure: SendFailed) -> None:
        """Record how a send failed, in `uow` (committed by the caller)."""
        delivery_id, reason = attempt.delivery_id, failure.reason
        partly_sent = bool(failure.sent.message_ids)
        if isinstance(failure, SendUncertain):
            await self._finish(uow, delivery_id, DeliveryStatus.UNCERTAIN, reason, failure.sent)
        elif partly_sent:
            # Part of it arrived: sending it again would repeat that part.
            await self._finish(uow, delivery_id, DeliveryStatus.FAILED, f"only partly sent: {reason}", failure.sent)
        elif isinstance(failure, RateLimited):
            seconds = max(failure.retry_after, 0.0)
            await uow.fetch(sql.HOLD_PLATFORM, {"bucket": attempt.address.platform, "seconds": seconds})
            await uow.fetch(sql.HOLD_CHAT, {"id": attempt.identity_id, "seconds": seconds})
            await self._requeue(
                uow, delivery_id, f"rate limited: {reason}", timedelta(seconds=seconds), attempt.address.platform
            )
        elif isinstance(failure, Unreachable):
            # Never this identity again (until its person writes); another of theirs may still work.
            await uow.fetch(sql.MARK_UNREACHABLE, {"id": attempt.identity_id, "reason": reason})
            await self._requeue(uow, delivery_id, f"unreachable: {reason}", None, None)
        elif isinstance(failure, TemporaryFailure) and attempt.row.attempts + 1 < self.limits.max_attempts:
            backoff = self.limits.backoff_seconds * 2**attempt.row.attempts
            await self._requeue(uow, delivery_id, reason, timedelta(seconds=backoff), attempt.address.platform)
        else:
            await self._finish(uow, delivery_id, DeliveryStatus.FAILED, reason, failure.sent)

    @staticmethod
    async def _requeue(
        uow: UnitOfWork, delivery_id: uuid.UUID, reason: str, after: timedelta | None, platform: str | None
    ) -> None:
        await uow.fetch(sql.REQUEUE, {"id": delivery_id, "reason": reason})
        await deliver_ids(uow, [delivery_id], after=after, platform=platform)

    @staticmethod
    async def _finish(
        uow: UnitOfWork, delivery_id: uuid.UUID, status: DeliveryStatus, reason: str | None, sent: Sent | None = None
    ) -> None:
        message_ids = list(sent.message_ids) if sent else []
        await uow.fetch(
            sql.FINISH, {"id": delivery_id, "status": status.value, "reason": reason, "message_ids": message_ids}
        )


def _over(row: Any, identity: Any) -> tuple[DeliveryStatus, str | None] | None:
    """How a delivery ends without a send, or None when it is to be sent to `identity`."""
    if row.status == DeliveryStatus.SENDING:
        return DeliveryStatus.UNCERTAIN, STOPPED_WHILE_SENDING
    if row.withdrawn_at is not None:
        return DeliveryStatus.WITHDRAWN, None
    if identity is None:
        return DeliveryStatus.FAILED, NO_CHAT_ACCOUNT
    return None


def _now(like: datetime) -> datetime:
    return datetime.now(like.tzinfo)


async def _sleep_until(moment: datetime) -> None:
    wait = (moment - _now(moment)).total_seconds()
    if wait > 0:
        await asyncio.sleep(wait)
