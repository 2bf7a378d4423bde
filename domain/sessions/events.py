"""What happened to a training session: facts for later reactions (reminders and notices go out through the
delivery outbox once it exists; nothing consumes these yet)."""

import uuid
from datetime import datetime

from domain.events import Event


class SessionScheduled(Event):
    session_id: uuid.UUID
    organization_id: uuid.UUID
    start_time: datetime


class SessionChanged(Event):
    """A session's time, place or seats changed; `changes` maps each changed column to (before, after)."""

    session_id: uuid.UUID
    organization_id: uuid.UUID
    registered_user_ids: tuple[uuid.UUID, ...]
    changes: dict[str, tuple[object, object]]


class SessionCancelled(Event):
    session_id: uuid.UUID
    organization_id: uuid.UUID
    registered_user_ids: tuple[uuid.UUID, ...]
