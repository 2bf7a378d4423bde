"""What happened to a training session: facts for later reactions. A change or cancellation is told to the
people registered (domain/sessions/notices.py); reminders before the start are found by a scheduled job
(domain/sessions/reminders.py), so nothing reacts to SessionScheduled yet."""

import uuid
from datetime import datetime

from domain.events import Event


class SessionScheduled(Event):
    session_id: uuid.UUID
    organization_id: uuid.UUID
    start_time: datetime


class SessionChanged(Event):
    """A session's time, place or seats changed; `changes` maps each changed column to (before, after).
    `registered_user_ids` are the people holding a seat; `changed_by` who changed it."""

    session_id: uuid.UUID
    organization_id: uuid.UUID
    registered_user_ids: tuple[uuid.UUID, ...]
    changes: dict[str, tuple[object, object]]
    changed_by: uuid.UUID


class SessionCancelled(Event):
    """`registered_user_ids` are the people who held a seat; `cancelled_by` who cancelled it."""

    session_id: uuid.UUID
    organization_id: uuid.UUID
    registered_user_ids: tuple[uuid.UUID, ...]
    cancelled_by: uuid.UUID
