"""The `publish_announcement` job: a scheduled announcement reaches its audience at its time."""

import uuid
from collections.abc import Awaitable, Callable

from domain.announcements.fanout import fan_out
from domain.messagebus import MessageBus


def publisher(bus: MessageBus) -> Callable[[uuid.UUID, uuid.UUID], Awaitable[None]]:
    async def publish(organization_id: uuid.UUID, announcement_id: uuid.UUID) -> None:
        async with bus.units.open(organization_id=organization_id) as uow:
            fanned = await fan_out(uow, announcement_id)
            after = {"recipients": fanned.count, "held_until": fanned.held_until}
            uow.record("announcement.published", "announcement", announcement_id, after=after)
            await uow.commit()

    return publish
