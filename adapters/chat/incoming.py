"""One neutral incoming message: what every adapter turns a platform update into."""

from dataclasses import dataclass
from typing import Protocol

from domain.models.enums import ChatPlatform
from domain.replies import Reply


@dataclass(frozen=True)
class Incoming:
    platform: ChatPlatform
    # Slack team id; '' on Telegram and the console.
    workspace_id: str
    platform_user_id: str
    # Where replies go: Telegram chat id, Slack channel or DM id, '' on the console.
    chat_id: str
    # Unique per platform update (Telegram update_id, Slack event_id / a hash of an interaction's payload);
    # a key seen before means a redelivery, which must have no second effect. None: never de-duplicated.
    update_key: str | None = None
    # Typed text or a slash command's text ("enroll SEC-101"); None for button presses.
    text: str | None = None
    # A pressed button's encoded action (Telegram callback_data, Slack action value), as the adapter got it.
    action: str | None = None
    # A vote on a quiz poll we sent (Telegram): the poll's id and the chosen option's index. The poll is
    # looked up in the voter's own transaction, so only its recipient can answer with it.
    poll_id: str | None = None
    poll_option: int | None = None
    # A contact the person shared about themselves (Telegram), for linking by users.phone.
    contact_phone: str | None = None
    # The person's email as the platform reports it (Slack users.info), for linking by users.email.
    email: str | None = None
    display_name: str | None = None


class ChatHandler(Protocol):
    """The conversation layer as adapters see it: an incoming message in, replies to its sender out.

    handle raises nothing but domain.errors.DatabaseUnavailable: nothing was done, and an adapter whose
    platform delivers again (a Telegram webhook, the Slack inbox) lets it; the others say so.
    """

    async def handle(self, incoming: Incoming) -> list[Reply]: ...
