"""Reminder commands: a person mutes and unmutes a course's reminders."""

from pydantic import Field

from domain.messagebus import Command


class MuteCourse(Command):
    """No reminders for this course (due dates, sessions, review nudges) until unmuted."""

    course_code: str = Field(min_length=1, max_length=100)


class UnmuteCourse(Command):
    course_code: str = Field(min_length=1, max_length=100)
