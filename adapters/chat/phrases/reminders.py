"""Chat words for reminders: muting and unmuting a course's reminders."""

from adapters.chat.grammar import Grammar, Phrase, Words
from domain.messagebus import Command
from domain.reminders.commands import MuteCourse, UnmuteCourse


def mute(words: Words) -> Command:
    return words.make(MuteCourse, course_code=words.exactly(1)[0])


def unmute(words: Words) -> Command:
    return words.make(UnmuteCourse, course_code=words.exactly(1)[0])


def register(grammar: Grammar) -> None:
    add = grammar.add
    add(
        Phrase(
            ("mute",),
            MuteCourse,
            mute,
            "mute CODE",
            "no more reminders for a course (due dates, sessions, review questions)",
            example="mute SEC-101",
            arguments=("course_code",),
        )
    )
    add(
        Phrase(
            ("unmute",),
            UnmuteCourse,
            unmute,
            "unmute CODE",
            "reminders for a course again",
            example="unmute SEC-101",
            arguments=("course_code",),
        )
    )
