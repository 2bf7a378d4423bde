"""Publishing an announcement whose time has come: the `publish_announcement` job (one scheduled by its author)
and the catch-up of announcements written elsewhere (domain/delivery/catching_up.py)."""

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime

from domain.announcements.fanout import fan_out
from domain.messagebus import MessageBus
from domain.unit_of_work import UnitsOfWork


async def publish_now(
    units: UnitsOfWork, organization_id: uuid.UUID, announcement_id: uuid.UUID, *, now: datetime | None = None
) -> int:
    """Fan it out (once, however often this runs; held until quiet hours end unless urgent); how many deliveries
    this call enqueued."""
    async with units.open(organization_id=organization_id) as uow:
        fanned = await fan_out(uow, announcement_id, now=now)
        after = {"recipients": fanned.count, "held_until": fanned.held_until}
        uow.record("announcement.published", "announcement", announcement_id, after=after)
        await uow.commit()
    return fanned.count


def publisher(bus: MessageBus) -> Callable[[uuid.UUID, uuid.UUID], Awaitable[None]]:
    async def publish(organization_id: uuid.UUID, announcement_id: uuid.UUID) -> None:
        await publish_now(bus.units, organization_id, announcement_id)

    return publish
