"""Time: the Clock every time rule reads (a port, so tests set it), and times as people read them, in their
organization's time zone (organizations.settings.timezone), zone named.

'6 Dec 2026, 17:56 CET'. An organization without a valid zone reads UTC. A day (a due date) is its own
calendar day and is shown without a zone.
"""

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import Organization


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, time-zone aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


UTC_ZONE = ZoneInfo("UTC")


def zone_named(name: Any) -> ZoneInfo:
    """The zone of an IANA name (Europe/Berlin); UTC for anything else."""
    if not isinstance(name, str) or not name.strip():
        return UTC_ZONE
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return UTC_ZONE


def zone_of(settings: Mapping[str, Any] | None) -> ZoneInfo:
    return zone_named((settings or {}).get("timezone"))


async def organization_settings(session: AsyncSession, organization_id: uuid.UUID) -> Mapping[str, Any]:
    """organizations.settings, or {} when it is not a JSON object (written by hand, say)."""
    settings = await session.scalar(select(Organization.settings).where(Organization.id == organization_id))
    return settings if isinstance(settings, Mapping) else {}


async def organization_zone(session: AsyncSession, organization_id: uuid.UUID) -> ZoneInfo:
    """The organization's time zone, read with its settings."""
    return zone_of(await organization_settings(session, organization_id))


def local_time(instant: datetime, zone: tzinfo = UTC) -> str:
    """'6 Dec 2026, 17:56 CET': the moment in the zone, with the zone's abbreviation (or its name)."""
    moment = (instant if instant.tzinfo else instant.replace(tzinfo=UTC)).astimezone(zone)
    abbreviation = moment.tzname() or str(zone)
    if abbreviation[:1] in "+-":  # zones without a letter abbreviation: say the zone's name
        abbreviation = f"{abbreviation} ({zone})"
    return f"{moment.day} {moment:%b %Y, %H:%M} {abbreviation}"
