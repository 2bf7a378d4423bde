"""Slack payloads -> Incoming: DM messages, mentions, the /learn command, button presses, App Home opened.

Everything here is pure. Incoming.chat_id is the bot's DM with the person, where every reply goes: known
here only for a message.im; the intake fills it in otherwise (conversations.open), with the email.
"""

import hashlib
import html
import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from adapters.chat.incoming import Incoming
from adapters.slack.blocks import LINK_ACTION
from adapters.slack.payload import BlockActions, EventCallback, HomeOpenedEvent, MessageEvent, SlashCommand
from domain.models.enums import ChatPlatform

MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>\s*")
# <https://x|label>, <mailto:a@b|a@b>, <#C123|general>, <https://x>: keep what the person typed.
SLACK_LINK = re.compile(r"<(?P<target>[^|>]+)(?:\|(?P<label>[^>]*))?>")


@dataclass(frozen=True)
class PressedButton:
    """Where a pressed button sits, so the message can be updated to show the choice."""

    channel_id: str
    message_ts: str
    block_id: str
    action_id: str
    label: str
    # The message's blocks as Slack sent them with the interaction.
    blocks: list[dict[str, Any]]


def plain_text(slack_text: str) -> str:
    """Slack's escaped text back to what the person typed."""
    unlinked = SLACK_LINK.sub(lambda m: m["label"] or m["target"].removeprefix("mailto:"), slack_text)
    return html.unescape(unlinked).strip()


def message(body: dict[str, Any]) -> Incoming | None:
    """A message.im (a DM with the bot) or an app_mention; None for edits, bots, other channels and bodies
    not of Slack's shape (adapters/slack/payload.py)."""
    try:
        callback = EventCallback.model_validate(body)
        event = MessageEvent.model_validate(body["event"])
    except ValidationError:
        return None
    if event.subtype is not None or event.bot_id or not event.user:
        return None
    if event.type == "message" and event.channel_type != "im":
        return None
    text = event.text or ""
    in_dm = event.type == "message"
    if not in_dm:
        text = MENTION.sub("", text)
    return Incoming(
        platform=ChatPlatform.SLACK,
        workspace_id=callback.team_id or event.team or "",
        platform_user_id=event.user,
        chat_id=(event.channel or "") if in_dm else "",
        update_key=callback.event_id,
        text=plain_text(text),
    )


def home_opened(body: dict[str, Any]) -> Incoming | None:
    """App Home's Home tab was opened: ask for "my" courses and progress. Not de-duplicated: nothing changes."""
    try:
        callback = EventCallback.model_validate(body)
        event = HomeOpenedEvent.model_validate(body["event"])
    except ValidationError:
        return None
    if event.tab != "home":
        return None
    return Incoming(
        platform=ChatPlatform.SLACK,
        workspace_id=callback.team_id or "",
        platform_user_id=event.user,
        chat_id="",
        text="my",
    )


def command(body: dict[str, Any]) -> Incoming | None:
    """`/learn enroll SEC-101` -> "enroll SEC-101"; a bare `/learn` asks for help. None: not Slack's shape."""
    try:
        slash = SlashCommand.model_validate(body)
    except ValidationError:
        return None
    return Incoming(
        platform=ChatPlatform.SLACK,
        workspace_id=slash.team_id,
        platform_user_id=slash.user_id,
        chat_id="",
        update_key=interaction_key(body),
        text=plain_text(slash.text) or "help",
        display_name=slash.user_name,
    )


def button_press(body: dict[str, Any]) -> tuple[Incoming, PressedButton | None] | None:
    """A block_actions payload's pressed button; None for URL buttons, which need nothing from us, and for
    payloads not of Slack's shape."""
    try:
        actions = BlockActions.model_validate(body)
    except ValidationError:
        return None
    action = actions.actions[0]
    if action.action_id.startswith(LINK_ACTION) or action.value is None:
        return None
    channel_id = (actions.channel.id if actions.channel else None) or (
        actions.container.channel_id if actions.container else None
    )
    incoming = Incoming(
        platform=ChatPlatform.SLACK,
        workspace_id=(actions.team.id if actions.team else None) or actions.user.team_id or "",
        platform_user_id=actions.user.id,
        chat_id="",
        update_key=interaction_key(body),
        action=action.value,
    )
    pressed = None
    if channel_id and actions.message is not None:
        label = action.text.text if action.text is not None else ""
        pressed = PressedButton(
            channel_id, actions.message.ts, action.block_id, action.action_id, label, actions.message.blocks
        )
    return incoming, pressed


def from_home_view(body: dict[str, Any]) -> bool:
    view = body.get("view")
    return isinstance(view, dict) and view.get("type") == "home"


def interaction_key(body: dict[str, Any]) -> str:
    """Slash commands and interactions carry no event_id: their trigger_id is unique, else the payload's hash."""
    trigger_id = body.get("trigger_id")
    if trigger_id:
        return f"trigger:{trigger_id}"
    return "payload:" + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
