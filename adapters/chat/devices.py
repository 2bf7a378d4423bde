"""Telling a person on their other chat accounts that a new one was just linked to them, so that a link they did
not make (someone else's Telegram account with their phone number, say) does not go unnoticed.

Best effort, after the link is committed and without delaying the new account's welcome: one attempt per
account through its platform's backend (bootstrap fills `backends`); a failure is logged. (When the delivery
outbox exists, this is one of its messages.)
"""

import asyncio
import logging
from collections.abc import Iterable

from adapters.chat import texts
from adapters.chat.backend import ChatAddress, ChatBackend
from domain.models.enums import ChatPlatform
from domain.replies import Reply, literal

log = logging.getLogger(__name__)


class NewDeviceNotices:
    def __init__(self) -> None:
        self.backends: dict[ChatPlatform, ChatBackend] = {}
        self._sending: set[asyncio.Task[None]] = set()

    def tell(self, others: Iterable[ChatAddress], platform: ChatPlatform, name: str | None) -> None:
        """Starts telling each of `others` that an account on `platform` (shown as `name`) was linked."""
        where = texts.PLATFORM_NAMES.get(str(platform), str(platform))
        account = texts.NEW_DEVICE_ACCOUNT.format(name=literal(name)) if name else ""
        notice = [Reply(text=texts.NEW_DEVICE_LINKED.format(platform=where, account=account))]
        for address in others:
            backend = self.backends.get(address.platform)
            if backend is None or address.platform == ChatPlatform.CONSOLE:
                continue  # the console is whoever runs it on the server; nobody to tell there
            task = asyncio.create_task(self._send(backend, address, notice))
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)

    async def _send(self, backend: ChatBackend, address: ChatAddress, notice: list[Reply]) -> None:
        try:
            await backend.send(address, notice)
        except Exception:
            log.warning("could not tell %s %s about a newly linked account", address.platform, address.platform_user_id)

    async def drain(self) -> None:
        """Waits until every notice started so far is sent or given up."""
        while self._sending:
            await asyncio.gather(*list(self._sending), return_exceptions=True)
