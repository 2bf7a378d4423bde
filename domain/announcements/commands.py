"""What people ask of announcements."""

import uuid
from datetime import datetime

from pydantic import Field

from domain.command import IdPrefix
from domain.messagebus import Command
from domain.models.enums import Priority


class PostAnnouncement(Command):
    """audience: a course code, `dept:<CODE>` or `all`. Times are in the organization's time zone (naive)."""

    audience: str = Field(min_length=1, max_length=120)
    title: str = Field(min_length=1, max_length=255)
    text: str = Field(min_length=1, max_length=3500)
    priority: Priority = Priority.NORMAL
    pinned: bool = False
    publish_at: datetime | None = None
    expires_at: datetime | None = None


class ListAnnouncements(Command):
    """The current announcements for the person asking; an author also sees how sending went."""


class WithdrawAnnouncement(Command):
    announcement_id: IdPrefix


class ChooseNotificationPlatform(Command):
    """`notify via telegram|slack`: deliveries go to that platform's linked account."""

    platform: str = Field(pattern="^(telegram|slack)$")


AnnouncementId = uuid.UUID


class StartAnnouncement(Command):
    """`announce` alone: the guided flow, one question at a time."""


class EditDraft(Command):
    """A step of the guided flow: `draft new AUDIENCE`, `draft ID FIELD VALUE`, `draft ID send`."""

    draft_id: str = Field(min_length=3, max_length=36)
    field: str = Field(pattern="^(audience|title|text|priority|pin|at|until|send)$")
    value: str = Field(default="", max_length=3500)
