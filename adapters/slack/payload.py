"""The fields of Slack's requests that we and slack-bolt read, checked at the edge before bolt sees them.

Three kinds reach POST /slack/events: Events API callbacks (JSON), the /learn command (a form) and
interactivity (a form whose `payload` field holds JSON). `Envelope` checks the fields bolt reads of every
request to build its context (team, user, channel, event, authorizations...); `EventCallback`, `SlashCommand`
and `BlockActions` the ones our listeners read. A signed body that fails them is not Slack's: 400, nothing
stored. Types are strict (a number is not text); fields nobody reads are let through.
"""

import json
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Id = Annotated[str, Field(max_length=256)]


class Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class WithId(Model):
    id: Id | None = None
    team_id: Id | None = None
    enterprise_id: Id | None = None


class Authorization(Model):
    team_id: Id | None = None
    enterprise_id: Id | None = None
    user_id: Id | None = None
    is_enterprise_install: bool | None = None


class View(Model):
    type: Id | None = None
    team_id: Id | None = None
    app_installed_team_id: Id | None = None


class ResponseUrl(Model):
    response_url: str | None = None


class Event(Model):
    """Any event: what bolt reads to build its context and to match listeners."""

    type: Id
    subtype: Id | None = None
    user: Id | WithId | None = None
    user_id: Id | None = None
    team: Id | None = None
    user_team: Id | None = None
    channel: Id | WithId | None = None
    thread_ts: Id | None = None
    bot_id: Id | None = None
    enterprise: Id | WithId | None = None
    function_execution_id: Id | None = None


class Envelope(Model):
    """Every request, whatever its kind, as bolt reads it before any listener runs."""

    type: Id | None = None
    team: Id | WithId | None = None
    enterprise: Id | WithId | None = None
    authorizations: list[Authorization] | None = None
    user: Id | WithId | None = None
    channel: Id | WithId | None = None
    event: Event | None = None
    message: dict[str, Any] | None = None
    view: View | None = None
    response_url: str | None = None
    response_urls: list[ResponseUrl] | None = None
    is_ext_shared_channel: bool | None = None
    thread_ts: Id | None = None
    team_id: Id | None = None
    user_id: Id | None = None
    channel_id: Id | None = None
    enterprise_id: Id | None = None


class MessageEvent(Model):
    """A message.im or an app_mention."""

    type: Literal["message", "app_mention"]
    subtype: Id | None = None
    bot_id: Id | None = None
    user: Id | None = None
    text: str | None = None
    channel: Id | None = None
    channel_type: Id | None = None
    team: Id | None = None


class HomeOpenedEvent(Model):
    type: Literal["app_home_opened"]
    user: Id
    tab: Id | None = None


class EventCallback(Model):
    type: Literal["event_callback"]
    team_id: Id | None = None
    event_id: Id | None = None
    event: Event


# The events our listeners read beyond what every event has.
EVENTS: dict[str, type[Model]] = {
    "message": MessageEvent,
    "app_mention": MessageEvent,
    "app_home_opened": HomeOpenedEvent,
}


class SlashCommand(Model):
    command: Id
    user_id: Id
    text: str = ""
    team_id: Id = ""
    channel_id: Id = ""
    user_name: Id | None = None
    trigger_id: Id = ""


class Label(Model):
    text: str = ""


class Action(Model):
    action_id: Id
    block_id: Id = ""
    value: str | None = None
    text: Label | None = None


class Container(Model):
    channel_id: Id | None = None


class PressedMessage(Model):
    ts: Id
    blocks: list[dict[str, Any]] = []


class Presser(Model):
    id: Id
    team_id: Id | None = None


class BlockActions(Model):
    type: Literal["block_actions"]
    user: Presser
    team: WithId | None = None
    channel: WithId | None = None
    container: Container | None = None
    message: PressedMessage | None = None
    view: View | None = None
    trigger_id: Id = ""
    actions: Annotated[list[Action], Field(min_length=1)]


class Unreadable(ValueError):
    """A body that is not JSON, a form, or an interaction's payload."""


def read_body(raw: str, content_type: str | None) -> Any:
    """The body as slack-bolt reads it (slack_bolt.request.internals.parse_body), without its exceptions:
    Unreadable for anything it would fail on (bad JSON, JSON nested too deep)."""
    try:
        if not raw:
            return {}
        if content_type == "application/json" or raw.startswith("{"):
            return json.loads(raw)
        fields = dict(parse_qsl(raw, keep_blank_values=True))
        if "payload" in raw:
            payload = fields.get("payload")
            return json.loads(payload) if payload is not None else {}
        return fields
    except (ValueError, RecursionError) as error:
        raise Unreadable(str(error)) from None


def invalid_body(body: Any) -> str | None:
    """Why `body` is not a request of Slack's we can read; None when it is one."""
    try:
        Envelope.model_validate(body)
        if isinstance(body, dict):
            # Bolt's middleware reads body["event"] as a dict whenever the key is there, whatever the type.
            if "event" in body and body["event"] is None:
                return "event: must be an object, not null"
            if body.get("type") == "event_callback":
                event = EventCallback.model_validate(body).event
                if event.type in EVENTS:
                    EVENTS[event.type].model_validate(body["event"])
            elif body.get("type") == "block_actions":
                BlockActions.model_validate(body)
            elif "command" in body:
                SlashCommand.model_validate(body)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the body"
        return f"{where}: {first['msg']}"
    return None
