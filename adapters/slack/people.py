"""Who a Slack user is (users.info: email and name) and where to DM them (conversations.open), cached in memory.

Both are asked before the ack, which Slack wants within 3 s, so each waits at most `patience` seconds;
a slow lookup goes on in the background and serves the next update. The caches are an optimization
only: the durable link between a Slack user and a LearnBot user is in the database, made by the
conversation layer from the email (with the DM channel id beside it).
"""

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

Value = TypeVar("Value")

# What may go wrong talking to Slack, short of a bug: an API error, the network, a timeout.
SLACK_FAILURES = (SlackApiError, aiohttp.ClientError, TimeoutError)


@dataclass(frozen=True)
class Profile:
    email: str | None
    display_name: str | None


class Lookups(Generic[Value]):
    """Answers per Slack user id: cached (least recently used dropped beyond `limit`), one call in flight each."""

    def __init__(self, look_up: Callable[[str], Awaitable[Value | None]], patience: float, limit: int = 10_000) -> None:
        self.look_up = look_up
        self.patience = patience
        self.limit = limit
        self.known: OrderedDict[str, Value] = OrderedDict()
        self.in_flight: dict[str, asyncio.Task[Value | None]] = {}

    def remember(self, user_id: str, value: Value) -> None:
        self.known[user_id] = value
        self.known.move_to_end(user_id)
        while len(self.known) > self.limit:
            self.known.popitem(last=False)

    def cached(self, user_id: str) -> Value | None:
        return self.known.get(user_id)

    async def get(self, user_id: str, *, hurry: bool = True) -> Value | None:
        """The answer; in a hurry (before an ack) None after `patience` seconds, the call going on for next time."""
        if user_id in self.known:
            self.known.move_to_end(user_id)
            return self.known[user_id]
        task = self.in_flight.get(user_id)
        if task is None:
            task = asyncio.ensure_future(self._fetch(user_id))
            self.in_flight[user_id] = task
            task.add_done_callback(lambda _: self.in_flight.pop(user_id, None))
        if not hurry:
            return await asyncio.shield(task)
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.patience)
        except TimeoutError:
            log.warning("Slack is slow to say about %s; going on without it this time", user_id)
            return None

    async def close(self) -> None:
        """Stops the lookups still running (at shutdown)."""
        for task in list(self.in_flight.values()):
            task.cancel()
        await asyncio.gather(*self.in_flight.values(), return_exceptions=True)

    async def _fetch(self, user_id: str) -> Value | None:
        value = await self.look_up(user_id)
        if value is not None:
            self.remember(user_id, value)
        return value


class SlackPeople:
    def __init__(self, client: AsyncWebClient, patience: float = 1.0) -> None:
        self.client = client
        self.profiles = Lookups(self._profile, patience)
        self.dm_channels = Lookups(self._open_dm, patience)

    async def profile(self, user_id: str) -> Profile | None:
        """The person's email and name; None when Slack does not say (in time)."""
        return await self.profiles.get(user_id)

    async def dm_channel(self, user_id: str, *, hurry: bool = True) -> str | None:
        """The bot's direct-message channel with the person; None when Slack refuses (or, in a hurry, is slow)."""
        return await self.dm_channels.get(user_id, hurry=hurry)

    async def close(self) -> None:
        await self.profiles.close()
        await self.dm_channels.close()

    def remember_dm(self, user_id: str, channel_id: str) -> None:
        self.dm_channels.remember(user_id, channel_id)

    async def _profile(self, user_id: str) -> Profile | None:
        try:
            response = await self.client.users_info(user=user_id)
        except SLACK_FAILURES as error:
            log.warning("users.info for %s failed: %s", user_id, error)
            return None
        user = response.get("user") or {}
        details = user.get("profile") or {}
        return Profile(
            email=details.get("email") or None,
            display_name=details.get("display_name") or details.get("real_name") or user.get("name") or None,
        )

    async def _open_dm(self, user_id: str) -> str | None:
        try:
            response = await self.client.conversations_open(users=user_id)
        except SLACK_FAILURES as error:
            log.error("conversations.open for %s failed: %s", user_id, error)
            return None
        return str((response.get("channel") or {}).get("id") or "") or None
