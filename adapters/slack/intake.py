"""Slack updates in: parse, store (the inbox's accept), ack, then do the work and answer in the person's DM.

Nothing is lost: an update is stored before Slack hears the ack, so a crash after the ack leaves it for
the inbox's sweep; a failure before it means no ack, and Slack retries. A retry of a stored update (the
same event_id, or the same trigger_id) is acked with no second effect.
"""

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from adapters.chat import texts as chat_texts
from adapters.chat.inbox import Inbox
from adapters.chat.incoming import ChatHandler, Incoming
from adapters.slack import parse, texts
from adapters.slack.people import SlackPeople
from adapters.slack.send import SlackPoster
from adapters.slack.tasks import AfterAck
from domain.errors import DatabaseUnavailable
from domain.replies import Reply

log = logging.getLogger(__name__)

Ack = Callable[..., Awaitable[Any]]


class SlackIntake:
    def __init__(
        self, chat: ChatHandler, inbox: Inbox, people: SlackPeople, poster: SlackPoster, after_ack: AfterAck
    ) -> None:
        self.chat = chat
        self.inbox = inbox
        self.people = people
        self.poster = poster
        self.after_ack = after_ack

    async def on_message(self, body: dict[str, Any], ack: Ack) -> None:
        """A DM to the bot or a mention of it."""
        incoming = parse.message(body)
        if incoming is not None:
            if incoming.chat_id:
                self.people.remember_dm(incoming.platform_user_id, incoming.chat_id)
            await self._take(incoming)
        await ack()

    async def on_command(self, body: dict[str, Any], ack: Ack) -> None:
        """`/learn ...`; the answer goes to the DM, with a pointer there when typed somewhere else."""
        parsed = parse.command(body)
        incoming = await self._take(parsed) if parsed is not None else None
        elsewhere = incoming is not None and body.get("channel_id") != incoming.chat_id
        await ack(texts.REPLIED_IN_DM if elsewhere else "")

    async def on_button(self, body: dict[str, Any], ack: Ack) -> None:
        """A Block Kit button pressed in a message or on the App Home tab."""
        pressed = parse.button_press(body)
        if pressed is not None:
            incoming, where = pressed
            await self._take(incoming, where, refresh_home=parse.from_home_view(body))
        await ack()

    async def on_home_opened(self, body: dict[str, Any], ack: Ack) -> None:
        """The Home tab was opened: publish "my courses and progress". Read-only, so nothing to store first."""
        await ack()
        incoming = parse.home_opened(body)
        if incoming is not None:
            self.after_ack.start(incoming.platform_user_id, self._publish_home(incoming))

    async def on_other_event(self, ack: Ack) -> None:
        await ack()

    async def _take(
        self, incoming: Incoming, pressed: parse.PressedButton | None = None, refresh_home: bool = False
    ) -> Incoming | None:
        """Stores the update with the person's email and DM, and starts the work; None for a redelivery."""
        incoming = await self._about_the_person(incoming)
        if not await self.inbox.accept(incoming):
            log.info("Slack update %s was stored before; acked again with no second effect", incoming.update_key)
            return None
        self.after_ack.start(incoming.platform_user_id, self._answer(incoming, pressed, refresh_home))
        return incoming

    async def _about_the_person(self, incoming: Incoming) -> Incoming:
        user_id = incoming.platform_user_id
        profile, dm = await asyncio.gather(self.people.profile(user_id), self.people.dm_channel(user_id))
        return dataclasses.replace(
            incoming,
            chat_id=dm or incoming.chat_id,
            email=profile.email if profile else None,
            display_name=(profile.display_name if profile else None) or incoming.display_name,
        )

    async def _answer(self, incoming: Incoming, pressed: parse.PressedButton | None, refresh_home: bool) -> None:
        try:
            replies = await self.inbox.process(incoming)
        except DatabaseUnavailable:
            log.warning(
                "Slack update %s: the database is unreachable; the inbox's sweep will do it", incoming.update_key
            )
            replies = [Reply(text=chat_texts.DATABASE_UNAVAILABLE_LATER)]
        except Exception:
            log.exception("Slack update %s failed; the inbox's sweep will try it again", incoming.update_key)
            replies = [Reply(text=chat_texts.SOMETHING_WENT_WRONG)]
        if pressed is not None:
            await self.poster.show_choice(pressed)
        await self.poster.reply(incoming.platform_user_id, replies)
        if refresh_home:
            await self._publish_home(dataclasses.replace(incoming, update_key=None, action=None, text="my"))

    async def _publish_home(self, incoming: Incoming) -> None:
        incoming = await self._about_the_person(incoming)
        try:
            replies = await self.chat.handle(incoming)
        except Exception:
            log.exception("the App Home of %s could not be built", incoming.platform_user_id)
            replies = [Reply(text=chat_texts.SOMETHING_WENT_WRONG)]
        await self.poster.publish_home(incoming.platform_user_id, replies)
