"""The composition root: every area's handlers on one message bus, the chat service, and every chat backend
with its collaborators (built here once; adapters take what they need as arguments and never import bot).

Adding an engine area: merge its HANDLERS (and EVENT_HANDLERS, and the OPERATIONS the command line runs) here
and register its chat words in adapters/chat/phrases; phrases whose command has no handler are left out of the
grammar. The command line's commands use `engine_bus` (the same bus without the chat).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.backend import ChatBackend
from adapters.chat.codec import ActionCodec, load_secret_key
from adapters.chat.grammar import Grammar, ShowHelp
from adapters.chat.help import help_handler
from adapters.chat.inbox import DatabaseInbox
from adapters.chat.phrases import full_grammar
from adapters.chat.polls import TelegramPolls
from adapters.chat.service import ChatService
from adapters.console.backend import ConsoleBackend
from adapters.slack import blocks
from adapters.slack.backend import SlackBackend
from adapters.slack.config import SlackConfig
from adapters.telegram.backend import TelegramBackend
from adapters.telegram.config import TelegramConfig
from bot.errors import StartupError
from bot.settings import Settings
from domain import certificates
from domain.announcements import HANDLERS as ANNOUNCEMENT_HANDLERS
from domain.assessments.handlers import HANDLERS as ASSESSMENT_HANDLERS
from domain.assessments.operations import OPERATIONS as ASSESSMENT_OPERATIONS
from domain.authoring.operations import OPERATIONS as AUTHORING_OPERATIONS
from domain.certificates.config import CertificateConfig
from domain.certificates.operations import OPERATIONS as CERTIFICATE_OPERATIONS
from domain.clock import Clock
from domain.delivery.grading import EVENT_HANDLERS as GRADING_EVENT_HANDLERS
from domain.events import Event
from domain.learning import EVENT_HANDLERS as LEARNING_EVENT_HANDLERS
from domain.learning import HANDLERS as LEARNING_HANDLERS
from domain.messagebus import Command, EventHandler, Handler, MessageBus, OperationHandler
from domain.messaging import HANDLERS as MESSAGING_HANDLERS
from domain.models.enums import ChatPlatform
from domain.organizations import HANDLERS as ORGANIZATION_HANDLERS
from domain.organizations.operations import OPERATIONS as ORGANIZATION_OPERATIONS
from domain.reminders import HANDLERS as REMINDER_HANDLERS
from domain.sessions import handlers as session_handlers
from domain.sessions.operations import OPERATIONS as SESSION_OPERATIONS
from domain.unit_of_work import UnitsOfWork
from infrastructure.unit_of_work import PostgresUnitsOfWork

AREA_HANDLERS: tuple[Mapping[type[Command], Handler], ...] = (
    ORGANIZATION_HANDLERS,
    LEARNING_HANDLERS,
    ASSESSMENT_HANDLERS,
    ANNOUNCEMENT_HANDLERS,
    MESSAGING_HANDLERS,
    REMINDER_HANDLERS,
)
AREA_EVENT_HANDLERS: tuple[Mapping[type[Event], Sequence[EventHandler]], ...] = (
    LEARNING_EVENT_HANDLERS,
    GRADING_EVENT_HANDLERS,
)
# What the command line runs as an operator (MessageBus.handle_as_operator).
AREA_OPERATIONS: tuple[Mapping[type[Command], OperationHandler], ...] = (
    ORGANIZATION_OPERATIONS,
    AUTHORING_OPERATIONS,
    ASSESSMENT_OPERATIONS,
    CERTIFICATE_OPERATIONS,
    SESSION_OPERATIONS,
)


@dataclass(frozen=True)
class Services:
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    bus: MessageBus
    grammar: Grammar
    codec: ActionCodec
    chat: ChatService
    inbox: DatabaseInbox
    # Each platform's backend (Telegram and Slack only when their tokens are set); the web app runs them.
    backends: dict[ChatPlatform, ChatBackend]
    certificates: CertificateConfig
    telegram: TelegramBackend | None = None
    slack: SlackBackend | None = None


def engine_handlers(*configured: Mapping[type[Command], Handler]) -> dict[type[Command], Handler]:
    """Every area's handlers (and those of areas built from the configuration) in one mapping."""
    return one_per_command((*AREA_HANDLERS, *configured), "commands handled by two areas")


def engine_operations() -> dict[type[Command], OperationHandler]:
    """Every area's operations (what the command line runs) in one mapping."""
    return one_per_command(AREA_OPERATIONS, "operations run by two areas")


def one_per_command(areas: Iterable[Mapping[type[Command], Any]], twice_said: str) -> dict[type[Command], Any]:
    """The areas' mappings in one; a command claimed by two areas is a wiring mistake."""
    merged: dict[type[Command], Any] = {}
    for area in areas:
        twice = merged.keys() & area.keys()
        if twice:
            raise RuntimeError(f"{twice_said}: {sorted(c.__name__ for c in twice)}")
        merged.update(area)
    return merged


def engine_event_handlers(
    *configured: Mapping[type[Event], Sequence[EventHandler]],
) -> dict[type[Event], list[EventHandler]]:
    merged: dict[type[Event], list[EventHandler]] = {}
    for area in (*AREA_EVENT_HANDLERS, *configured):
        for event, handlers in area.items():
            merged.setdefault(event, []).extend(handlers)
    return merged


def secret_key(settings: Settings) -> bytes:
    """LEARNBOT_SECRET_KEY, or the key kept in the data directory (signs buttons, seals certificate keys)."""
    configured = settings.secret_key.get_secret_value() if settings.secret_key else None
    try:
        return load_secret_key(configured, settings.data_dir)
    except OSError as error:
        raise StartupError(
            f"cannot keep the button-signing key in {settings.data_dir}: {error.strerror or error}; "
            "set LEARNBOT_SECRET_KEY or make LEARNBOT_DATA_DIR writable"
        ) from None
    except ValueError as error:
        raise StartupError(f"LEARNBOT_SECRET_KEY is unusable: {error}") from None


def build_codec(settings: Settings) -> ActionCodec:
    """The button codec, keyed by LEARNBOT_SECRET_KEY or the key kept in the data directory."""
    try:
        return ActionCodec(secret_key(settings))
    except ValueError as error:
        raise StartupError(f"LEARNBOT_SECRET_KEY is unusable: {error}") from None


def certificate_config(settings: Settings) -> CertificateConfig:
    """Where certificate links point (LEARNBOT_PUBLIC_URL), where PDFs go, and the key that seals signing keys."""
    return CertificateConfig(
        certificates.Links(settings.public_base_url), settings.certificate_pdf_dir, secret_key(settings)
    )


def telegram_config(settings: Settings) -> TelegramConfig | None:
    """Telegram's configuration, None when TELEGRAM_BOT_TOKEN is unset; ValueError for an unusable one."""
    telegram = settings.telegram
    if telegram.bot_token is None:
        return None
    secret = telegram.webhook_secret.get_secret_value() if telegram.webhook_secret is not None else None
    return TelegramConfig(telegram.bot_token.get_secret_value(), telegram.api_url, telegram.webhook_url, secret)


def slack_config(settings: Settings) -> SlackConfig | None:
    """Slack's configuration, None when SLACK_BOT_TOKEN is unset; ValueError for one that could not verify requests."""
    slack = settings.slack
    if slack.bot_token is None:
        return None
    return SlackConfig(
        slack.bot_token.get_secret_value(),
        slack.signing_secret.get_secret_value() if slack.signing_secret is not None else None,
        slack.app_token.get_secret_value() if slack.app_token is not None else None,
        slack.api_url,
    )


def engine_bus(settings: Settings, units: UnitsOfWork, clock: Clock | None = None) -> MessageBus:
    """The message bus with every area's handlers, event handlers and operations: the one way into the engine
    for the chat (build_services adds help), the command line and the jobs."""
    links = certificates.Links(settings.public_base_url)
    return MessageBus(
        units,
        engine_handlers(certificates.handlers(links), session_handlers(clock)),
        engine_event_handlers(certificates.event_handlers(links)),
        engine_operations(),
    )


def build_services(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock | None = None
) -> Services:
    """Everything the chat needs; `clock` is the time the session rules read (tests set it)."""
    certified = certificate_config(settings)
    bus = engine_bus(settings, PostgresUnitsOfWork(sessionmaker), clock)
    grammar = full_grammar().keep_only(bus.handlers.keys() | {ShowHelp})
    bus.handlers[ShowHelp] = help_handler(grammar)
    codec = build_codec(settings)
    chat = ChatService(bus, grammar, codec)
    backends: dict[ChatPlatform, ChatBackend] = {
        ChatPlatform.CONSOLE: ConsoleBackend(with_actions=grammar.with_actions)
    }
    inbox = DatabaseInbox(sessionmaker, chat)
    telegram = slack = None
    if (telegram_settings := telegram_config(settings)) is not None:
        polls = TelegramPolls(sessionmaker)
        telegram = TelegramBackend(
            telegram_settings, chat, polls, codec.encoder_for(), with_actions=grammar.with_actions
        )
        backends[ChatPlatform.TELEGRAM] = telegram
    if (slack_settings := slack_config(settings)) is not None:
        slack = SlackBackend(
            slack_settings, chat, inbox, codec.encoder_for(limit=blocks.BUTTON_VALUE), with_actions=grammar.with_actions
        )
        backends[ChatPlatform.SLACK] = slack
    # The sweep sends the replies of stranded updates through the backends.
    inbox.backends.update(backends)
    chat.new_device_notices.backends.update(backends)
    return Services(settings, sessionmaker, bus, grammar, codec, chat, inbox, backends, certified, telegram, slack)
