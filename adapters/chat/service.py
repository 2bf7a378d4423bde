"""The conversation layer: one Incoming in, the replies to its sender out, for every adapter.

Order of work: identify (or link) the sender; a pressed button is decoded and checked against the person
pressing it; typed text is refused when oversized, answers a pending prompt unless it is itself a command,
and is otherwise parsed by the grammar. Commands run through the message bus, de-duplicated by the
update key, with the conversation state kept in the same transaction. A domain error becomes its
friendly message; anything else is logged and answered with an apology.
"""

import logging

from adapters.chat import texts
from adapters.chat.codec import ActionCodec, RefusedAction
from adapters.chat.grammar import Grammar, command_word
from adapters.chat.help import short_help
from adapters.chat.identity import Identities
from adapters.chat.incoming import Incoming
from adapters.chat.lookups import Sender, claim_update
from adapters.chat.prompts import keep_prompt, pending_prompt, with_text
from domain.errors import DomainError, InvalidInput
from domain.messagebus import Command, MessageBus
from domain.replies import Reply

log = logging.getLogger(__name__)

MAX_TEXT = 4000


class ChatService:
    """Implements adapters.chat.incoming.ChatHandler."""

    def __init__(self, bus: MessageBus, grammar: Grammar, codec: ActionCodec) -> None:
        self.bus = bus
        self.grammar = grammar
        self.codec = codec
        self.identities = Identities(bus.sessionmaker)

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """The replies to the sender; never raises."""
        try:
            resolution = await self.identities.resolve(incoming)
            if resolution.sender is None:
                return resolution.replies
            if resolution.done:
                return await self._once(incoming, resolution.replies)
            try:
                replies = await self._respond(resolution.sender, incoming)
            except DomainError as error:
                replies = await self._once(incoming, [Reply(text=error.message)])
            return resolution.replies + replies
        except DomainError as error:
            return [Reply(text=error.message)]
        except Exception:
            log.exception("a %s update (%s) failed", incoming.platform, incoming.update_key)
            return [Reply(text=texts.SOMETHING_WENT_WRONG)]

    async def _once(self, incoming: Incoming, replies: list[Reply]) -> list[Reply]:
        """Replies that no command made: said once per update key, like a command's (a redelivery gets none)."""
        if incoming.update_key is None:
            return replies
        claimed = await claim_update(self.bus.sessionmaker, str(incoming.platform), incoming.update_key)
        return replies if claimed else []

    async def _respond(self, sender: Sender, incoming: Incoming) -> list[Reply]:
        if incoming.action is not None:
            action = self.codec.decode(incoming.action, pressed_by=incoming.platform_user_id)
            parsed = self.grammar.parse(action)
            if parsed is None:
                raise RefusedAction()
            return await self._run(sender, incoming, parsed.command)
        # PostgreSQL text cannot hold NUL, and no one means it.
        typed = (incoming.text or "").replace("\x00", "").strip()
        if not typed:
            said = texts.ALREADY_LINKED if incoming.contact_phone else texts.EMPTY
            return await self._once(incoming, [Reply(text=said)])
        if len(typed) > MAX_TEXT:
            return await self._once(incoming, [Reply(text=texts.TOO_LONG.format(length=len(typed), limit=MAX_TEXT))])
        prompt = pending_prompt(sender)
        if prompt is not None and not self._is_command(typed):
            parsed = self.grammar.parse(with_text(prompt, typed))
            if parsed is not None:
                return await self._run(sender, incoming, parsed.command)
        parsed = self.grammar.parse(typed)
        if parsed is None:
            word = command_word(typed)
            single_word = word is not None and not word[1].strip()
            unknown = word[0] if word and (single_word or typed.startswith("/")) else None
            return await self._once(incoming, [short_help(self.grammar, unknown)])
        return await self._run(sender, incoming, parsed.command)

    def _is_command(self, typed: str) -> bool:
        """While a prompt waits, text is a command only when it starts with "/" or parses cleanly as one."""
        if typed.startswith("/"):
            return True
        try:
            return self.grammar.parse(typed) is not None
        except InvalidInput:
            return False

    async def _run(self, sender: Sender, incoming: Incoming, command: Command) -> list[Reply]:
        update_key = (str(incoming.platform), incoming.update_key) if incoming.update_key is not None else None
        return await self.bus.handle(
            sender.user_id, sender.organization_id, command, update_key=update_key, after=keep_prompt(sender)
        )
