"""People talking to LearnBot on Slack, as a test reads them: say, /learn, press a button, read what came back."""

import re
from typing import Any

from tests.e2e.slack.harness import SlackHarness
from tests.support.fake_slack import (
    button_press,
    dm_message,
    event_callback,
    signed_form,
    signed_interaction,
    signed_json,
    slash_command,
)


def dm_of(user_id: str) -> str:
    """The DM channel FakeSlack's conversations.open gives for a user."""
    return "D" + user_id.lstrip("U")


def text_of(message: dict[str, Any]) -> str:
    """Everything a person reads in a message: its sections and context lines."""
    parts: list[str] = []
    for block in message["blocks"]:
        if block["type"] == "section":
            parts.append(block["text"]["text"])
        elif block["type"] == "context":
            parts += [element["text"] for element in block["elements"]]
    return "\n".join(parts)


def labels_of(message: dict[str, Any]) -> list[str]:
    return [
        element["text"]["text"]
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


class SlackPerson:
    """One Slack user in the conversation; every method returns the messages the bot posted in reply."""

    def __init__(self, slack: SlackHarness, user_id: str) -> None:
        self.slack = slack
        self.user_id = user_id
        self.seen = 0

    @property
    def dm(self) -> str:
        return dm_of(self.user_id)

    def messages(self) -> list[dict[str, Any]]:
        """The bot's messages in this person's DM, oldest first, as they stand now (after updates)."""
        return [
            self.slack.fake.message_with_ts(posted["ts"])
            for posted in self.slack.fake.posted()
            if posted["channel"] == self.dm
        ]

    def _new(self) -> list[dict[str, Any]]:
        messages = self.messages()
        new, self.seen = messages[self.seen :], len(messages)
        return new

    async def say(self, text: str) -> list[dict[str, Any]]:
        response = await self.slack.post(signed_json(self.slack.signer, event_callback(dm_message(self.user_id, text))))
        assert response.status == 200, await response.text()
        await self.slack.settle()
        return self._new()

    async def learn(self, text: str) -> list[dict[str, Any]]:
        """`/learn TEXT`, typed in the DM."""
        response = await self.slack.post(signed_form(self.slack.signer, slash_command(self.user_id, text)))
        assert response.status == 200, await response.text()
        await self.slack.settle()
        return self._new()

    async def press(self, label: str) -> list[dict[str, Any]]:
        """Presses the newest button with this label in the DM."""
        for message in reversed(self.messages()):
            for block in message["blocks"]:
                for element in block.get("elements", []) if block["type"] == "actions" else []:
                    if element["text"]["text"] == label:
                        payload = button_press(self.user_id, message, block["block_id"], element["action_id"])
                        response = await self.slack.post(signed_interaction(self.slack.signer, payload))
                        assert response.status == 200, await response.text()
                        await self.slack.settle()
                        return self._new()
        raise AssertionError(f"no button {label!r} in {[labels_of(m) for m in self.messages()]}")


def one_text(messages: list[dict[str, Any]]) -> str:
    return "\n\n".join(text_of(message) for message in messages)


def find(pattern: str, messages: list[dict[str, Any]]) -> re.Match[str]:
    match = re.search(pattern, one_text(messages))
    assert match is not None, f"{pattern!r} not in {one_text(messages)!r}"
    return match
