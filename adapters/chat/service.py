"""The conversation layer: one Incoming in, the replies to its sender out, for every adapter.

One transaction per update, opened by the message bus (MessageBus.handle_chat) with the statement that finds
the linked sender, enters their organization and claims the update key (a stranger goes through linking
first). A pressed button is
decoded and checked against the person pressing it; typed text is refused when oversized, answers a
pending prompt unless it is itself a command, and is otherwise parsed by the grammar. The command runs
through the message bus in that transaction, with the conversation state kept in it too, so a redelivered
update has no second effect. A domain error becomes its friendly message; anything else is logged and
answered with an apology.
"""

import logging

from adapters.chat import texts
from adapters.chat.codec import ActionCodec, ExpiredAction, RefusedAction
from adapters.chat.grammar import Grammar, ShowHelp
from adapters.chat.help import shortcuts
from adapters.chat.identity import Identities
from adapters.chat.incoming import Incoming
from adapters.chat.polls import voted_action
from adapters.chat.prompts import keep_prompt, pending_prompt, with_text
from adapters.chat.turns import Turns
from domain.errors import DatabaseUnavailable, DomainError, InvalidInput
from domain.messagebus import Command, MessageBus
from domain.replies import Reply
from domain.unit_of_work import Sender, UnitOfWork

log = logging.getLogger(__name__)

MAX_TEXT = 4000
# Tries with a fresh connection before giving up: after a database restart every pooled one is dead.
CONNECTION_ATTEMPTS = 3


class ChatService:
    """Implements adapters.chat.incoming.ChatHandler."""

    def __init__(self, bus: MessageBus, grammar: Grammar, codec: ActionCodec, turns: Turns | None = None) -> None:
        self.bus = bus
        self.grammar = grammar
        self.codec = codec
        self.identities = Identities(bus.units)
        self.new_device_notices = self.identities.notices
        # One sender's updates take turns, so that a flood from one person cannot starve everyone else.
        self.turns = turns or Turns()

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """The replies to the sender. Raises only DatabaseUnavailable: no connection worked CONNECTION_ATTEMPTS
        times in a row, nothing was done, and the platform can offer the update again (each failed connection
        was dropped from the pool, so the next attempt takes another one)."""
        async with self.turns.of((incoming.platform, incoming.workspace_id, incoming.platform_user_id)):
            return await self._handle_in_turn(incoming)

    async def _handle_in_turn(self, incoming: Incoming) -> list[Reply]:
        for attempt in range(1, CONNECTION_ATTEMPTS + 1):
            try:
                # Buttons that carry a command get their action line from the registry, for every platform.
                return self.grammar.with_actions(await self._handle(incoming))
            except DatabaseUnavailable:
                if attempt == CONNECTION_ATTEMPTS:
                    raise
                log.warning(
                    "a %s update (%s) lost its database connection; trying again",
                    incoming.platform,
                    incoming.update_key,
                )
        raise AssertionError("unreachable")

    async def _handle(self, incoming: Incoming) -> list[Reply]:
        try:
            replies = await self._as_known_sender(incoming)
            if replies is not None:
                return replies
            resolution = await self.identities.link(incoming)
            if resolution.sender is None:
                return resolution.replies
            if resolution.done:
                return resolution.replies if resolution.claimed else await self._once(incoming, resolution.replies)
            replies = await self._as_known_sender(incoming)
            if replies is None:
                raise RuntimeError("a sender linked a moment ago is not found")
            return resolution.replies + replies
        except DomainError as error:
            return [Reply(text=error.message)]
        except DatabaseUnavailable:
            raise
        except Exception as error:
            if self.bus.units.connection_lost(error):
                raise DatabaseUnavailable() from error
            log.exception("a %s update (%s) failed", incoming.platform, incoming.update_key)
            return [Reply(text=texts.SOMETHING_WENT_WRONG)]

    async def _as_known_sender(self, incoming: Incoming) -> list[Reply] | None:
        """Handle the update of a linked sender in one transaction, opened by the statement that finds them,
        enters their organization and claims the update key; None when the sender is not linked."""
        try:
            return await self.bus.handle_chat(
                str(incoming.platform),
                incoming.workspace_id,
                incoming.platform_user_id,
                incoming.update_key,
                lambda uow, sender: self._decide(uow, sender, incoming),
                after=lambda sender: keep_prompt(sender, self.grammar.prompt_line),
            )
        except DomainError as error:
            # The command's changes rolled back, its claim of the update with them; claim it for the message.
            return await self._once(incoming, [Reply(text=error.message)])

    async def _once(self, incoming: Incoming, replies: list[Reply]) -> list[Reply]:
        """Replies that no command made: said once per update key, like a command's (a redelivery gets none)."""
        if incoming.update_key is None:
            return replies
        claimed = await self.bus.units.claim_update(str(incoming.platform), incoming.update_key)
        return replies if claimed else []

    async def _decide(self, uow: UnitOfWork, sender: Sender, incoming: Incoming) -> Command | list[Reply]:
        """In the sender's transaction: the command the update asks for, or what to answer when it asks none."""
        if incoming.poll_id is not None:
            return await self._vote(uow, sender, incoming)
        return self._respond(sender, incoming)

    async def _vote(self, uow: UnitOfWork, sender: Sender, incoming: Incoming) -> Command | list[Reply]:
        """A vote on a quiz poll: the answer action of the chosen option, if the poll was sent to the voter."""
        action = await voted_action(uow, str(incoming.poll_id), sender.user_id, incoming.poll_option or 0)
        if action is None:
            return []  # not a poll we sent this person: nothing to answer
        return self._command_of(action)

    def _command_of(self, action: str) -> Command:
        """The command a button's (or a poll option's) action stands for; refused when it stands for none."""
        parsed = self.grammar.parse(action)
        if parsed is None:
            raise RefusedAction()
        return parsed.command

    def _respond(self, sender: Sender, incoming: Incoming) -> Command | list[Reply]:
        """The command the update asks for, or what to answer when it asks for none."""
        if incoming.action is not None:
            try:
                action = self.codec.decode(incoming.action, pressed_by=incoming.platform_user_id)
            except ExpiredAction as expired:
                # Not an error: the everyday choices (Continue shows the current item or question) instead.
                return [Reply(text=expired.message, buttons=shortcuts(self.grammar))]
            return self._command_of(action)
        # PostgreSQL text cannot hold NUL, and no one means it.
        typed = (incoming.text or "").replace("\x00", "").strip()
        if not typed:
            return [Reply(text=texts.ALREADY_LINKED if incoming.contact_phone else texts.EMPTY)]
        if len(typed) > MAX_TEXT:
            return [Reply(text=texts.TOO_LONG.format(length=len(typed), limit=MAX_TEXT))]
        prompt = pending_prompt(sender)
        if prompt is not None and not self._is_command(typed):
            try:
                parsed = self.grammar.parse(with_text(prompt, typed))
            except InvalidInput as error:
                # Said in words of the reply (not the hidden command's usage); the prompt stays for the next try.
                raise InvalidInput(self.grammar.reply_hint(prompt) or error.message) from error
            if parsed is not None:
                return parsed.command
        parsed = self.grammar.parse(typed)
        if parsed is None:
            return ShowHelp(not_understood=typed)
        return parsed.command

    def _is_command(self, typed: str) -> bool:
        """While a prompt waits, text is a command only when it starts with "/" or parses cleanly as one."""
        if typed.startswith("/"):
            return True
        try:
            return self.grammar.parse(typed) is not None
        except InvalidInput:
            return False
