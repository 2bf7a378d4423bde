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

from adapters.chat.incoming import Incoming
from adapters.slack.blocks import LINK_ACTION
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
    """A message.im (a DM with the bot) or an app_mention; None for edits, bots and other channels."""
    event = body.get("event") or {}
    if event.get("subtype") is not None or event.get("bot_id") or not event.get("user"):
        return None
    if event.get("type") == "message" and event.get("channel_type") != "im":
        return None
    text = event.get("text") or ""
    in_dm = event.get("type") == "message"
    if not in_dm:
        text = MENTION.sub("", text)
    return Incoming(
        platform=ChatPlatform.SLACK,
        workspace_id=body.get("team_id") or event.get("team") or "",
        platform_user_id=event["user"],
        chat_id=(event.get("channel") or "") if in_dm else "",
        update_key=body.get("event_id"),
        text=plain_text(text),
    )


def home_opened(body: dict[str, Any]) -> Incoming | None:
    """App Home's Home tab was opened: ask for "my" courses and progress. Not de-duplicated: nothing changes."""
    event = body.get("event") or {}
    if event.get("tab") != "home" or not event.get("user"):
        return None
    return Incoming(
        platform=ChatPlatform.SLACK,
        workspace_id=body.get("team_id") or "",
        platform_user_id=event["user"],
        chat_id="",
        text="my",
    )


def command(body: dict[str, Any]) -> Incoming:
    """`/learn enroll SEC-101` -> "enroll SEC-101"; a bare `/learn` asks for help."""
    return Incoming(
        platform=ChatPlatform.SLACK,
        workspace_id=body.get("team_id") or "",
        platform_user_id=body["user_id"],
        chat_id="",
        update_key=interaction_key(body),
        text=plain_text(body.get("text") or "") or "help",
        display_name=body.get("user_name"),
    )


def button_press(body: dict[str, Any]) -> tuple[Incoming, PressedButton | None] | None:
    """A block_actions payload's pressed button; None for URL buttons, which need nothing from us."""
    action = (body.get("actions") or [{}])[0]
    if str(action.get("action_id", "")).startswith(LINK_ACTION) or action.get("value") is None:
        return None
    user = body.get("user") or {}
    channel_id = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
    incoming = Incoming(
        platform=ChatPlatform.SLACK,
        workspace_id=(body.get("team") or {}).get("id") or user.get("team_id") or "",
        platform_user_id=user["id"],
        chat_id="",
        update_key=interaction_key(body),
        action=action["value"],
    )
    message = body.get("message") or {}
    pressed = None
    if channel_id and message.get("ts"):
        label = ((action.get("text") or {}).get("text")) or ""
        pressed = PressedButton(
            channel_id,
            message["ts"],
            action.get("block_id", ""),
            action.get("action_id", ""),
            label,
            message.get("blocks", []),
        )
    return incoming, pressed


def from_home_view(body: dict[str, Any]) -> bool:
    return (body.get("view") or {}).get("type") == "home"


def interaction_key(body: dict[str, Any]) -> str:
    """Slash commands and interactions carry no event_id: their trigger_id is unique, else the payload's hash."""
    trigger_id = body.get("trigger_id")
    if trigger_id:
        return f"trigger:{trigger_id}"
    return "payload:" + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
