"""The composition root of the conversation: every area's handlers on one message bus, and the chat service.

Adding an engine area: merge its HANDLERS (and EVENT_HANDLERS) here and register its chat words in
adapters/chat/phrases; phrases whose command has no handler are left out of the grammar.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.codec import ActionCodec, load_secret_key
from adapters.chat.grammar import Grammar, ShowHelp
from adapters.chat.help import help_handler
from adapters.chat.inbox import Inbox
from adapters.chat.phrases import full_grammar
from adapters.chat.service import ChatService
from bot.settings import Settings
from domain.assessments.handlers import HANDLERS as ASSESSMENT_HANDLERS
from domain.events import Event
from domain.learning import EVENT_HANDLERS as LEARNING_EVENT_HANDLERS
from domain.learning import HANDLERS as LEARNING_HANDLERS
from domain.messagebus import Command, EventHandler, Handler, MessageBus
from domain.organizations import HANDLERS as ORGANIZATION_HANDLERS
from domain.sessions import Clock
from domain.sessions import handlers as session_handlers

AREA_HANDLERS: tuple[Mapping[type[Command], Handler], ...] = (
    ORGANIZATION_HANDLERS,
    LEARNING_HANDLERS,
    ASSESSMENT_HANDLERS,
)
AREA_EVENT_HANDLERS: tuple[Mapping[type[Event], Sequence[EventHandler]], ...] = (LEARNING_EVENT_HANDLERS,)


@dataclass(frozen=True)
class Services:
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    bus: MessageBus
    grammar: Grammar
    codec: ActionCodec
    chat: ChatService
    inbox: Inbox


def engine_handlers() -> dict[type[Command], Handler]:
    """Every area's handlers in one mapping; a command claimed by two areas is a wiring mistake."""
    merged: dict[type[Command], Handler] = {}
    for area in AREA_HANDLERS:
        twice = merged.keys() & area.keys()
        if twice:
            raise RuntimeError(f"commands handled by two areas: {sorted(c.__name__ for c in twice)}")
        merged.update(area)
    return merged


def engine_event_handlers() -> dict[type[Event], list[EventHandler]]:
    merged: dict[type[Event], list[EventHandler]] = {}
    for area in AREA_EVENT_HANDLERS:
        for event, handlers in area.items():
            merged.setdefault(event, []).extend(handlers)
    return merged


def build_codec(settings: Settings) -> ActionCodec:
    """The button codec, keyed by LEARNBOT_SECRET_KEY or the key kept in the data directory."""
    configured = settings.secret_key.get_secret_value() if settings.secret_key else None
    return ActionCodec(load_secret_key(configured, settings.data_dir))


def build_services(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock | None = None
) -> Services:
    """Everything the chat needs; `clock` is the time the session rules read (tests set it)."""
    handlers = engine_handlers() | session_handlers(clock)
    grammar = full_grammar().keep_only(handlers.keys() | {ShowHelp})
    handlers[ShowHelp] = help_handler(grammar)
    bus = MessageBus(sessionmaker, handlers, engine_event_handlers())
    codec = build_codec(settings)
    chat = ChatService(bus, grammar, codec)
    return Services(settings, sessionmaker, bus, grammar, codec, chat, Inbox(sessionmaker, chat))
