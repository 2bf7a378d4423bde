"""Reminders: due dates of assigned courses (before and after), held by quiet hours, and muting a course's
reminders (`mute CODE`), which the other reminder jobs (sessions, review nudges) respect through `not_muted`."""

from domain.messagebus import Command, Handler
from domain.reminders.commands import MuteCourse, UnmuteCourse
from domain.reminders.due_dates import DUE_DATE_REMINDERS, remind_due_dates
from domain.reminders.muting import NOT_MUTED, is_muted, mute_course, not_muted, unmute_course

HANDLERS: dict[type[Command], Handler] = {MuteCourse: mute_course, UnmuteCourse: unmute_course}

__all__ = [
    "DUE_DATE_REMINDERS",
    "HANDLERS",
    "NOT_MUTED",
    "MuteCourse",
    "UnmuteCourse",
    "is_muted",
    "not_muted",
    "remind_due_dates",
]
