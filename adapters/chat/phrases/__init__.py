"""The chat words of each engine area; `full_grammar()` gathers them with the chat layer's own."""

from adapters.chat.grammar import Grammar, core_grammar
from adapters.chat.phrases import (
    announcements,
    assessments,
    certificates,
    learning,
    messaging,
    organizations,
    reminders,
    sessions,
)

AREAS = (learning, assessments, organizations, certificates, announcements, messaging, sessions, reminders)


def full_grammar() -> Grammar:
    """Every phrase of every area (MessageBus wiring drops those whose command has no handler)."""
    grammar = core_grammar()
    for area in AREAS:
        area.register(grammar)
    return grammar
