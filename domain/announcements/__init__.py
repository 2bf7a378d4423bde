"""Announcements: posted by instructors (their courses) and admins (departments, everyone), delivered by the outbox."""

from domain.announcements.commands import (
    ChooseNotificationPlatform,
    EditDraft,
    ListAnnouncements,
    PostAnnouncement,
    StartAnnouncement,
    WithdrawAnnouncement,
)
from domain.announcements.guided import edit_draft, start_announcement
from domain.announcements.listing import list_announcements
from domain.announcements.notify_via import choose_notification_platform
from domain.announcements.posting import post_announcement
from domain.announcements.withdrawing import withdraw_announcement
from domain.messagebus import Command, Handler

HANDLERS: dict[type[Command], Handler] = {
    PostAnnouncement: post_announcement,
    ListAnnouncements: list_announcements,
    WithdrawAnnouncement: withdraw_announcement,
    ChooseNotificationPlatform: choose_notification_platform,
    StartAnnouncement: start_announcement,
    EditDraft: edit_draft,
}
