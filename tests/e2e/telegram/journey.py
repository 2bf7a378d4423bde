"""A simulated Telegram user: reads what the bot sent (as the fake Bot API stored it) and types or taps back.

Used by the journey tests and by bench/telegram_webhook.py; every step is one real Update posted to the webhook.
"""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from tests.support.fake_telegram import FakeTelegram, Person, callback_update, message_update, poll_answer_update

Post = Callable[[dict[str, Any]], Awaitable[None]]

# The sample course's quiz (samples/courses/information-security-basics.yaml): the right answers.
RIGHT_OPTIONS = {
    "Which of these passwords is the strongest?": "copper-lantern-velvet-orbit",
    "You receive an MFA approval prompt you did not start. It is safe to approve it.": "False",
    "What do you do?": "Report it as phishing without clicking",
}
TYPED_ANSWERS = {
    "generate and remember": "a password manager",
    "suspicious message": "An urgent mail asking for my password from a look-alike domain; I would report it.",
}


@dataclass
class TelegramUser:
    person: Person
    fake: FakeTelegram
    post: Post
    read: set[int] = field(default_factory=set)
    transcript: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.fake.sent(self.person.id)

    def unread(self) -> list[dict[str, Any]]:
        fresh = [message for message in self.messages if message["message_id"] not in self.read]
        self.read.update(message["message_id"] for message in fresh)
        for message in fresh:
            self.transcript.append("bot: " + _shown(message))
        return fresh

    async def say(self, text: str) -> list[dict[str, Any]]:
        self.transcript.append(f"me: {text}")
        return await self._send(message_update(self.person, text))

    async def press(self, label: str, *, on: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Tap the newest button with this label (on the given message, else on any message)."""
        for message in [on] if on is not None else reversed(self.messages):
            for button in buttons(message):
                if button["text"] == label and "callback_data" in button:
                    self.transcript.append(f"me: [{label}]")
                    return await self._send(callback_update(self.person, message, button["callback_data"]))
        raise AssertionError(f"no button {label!r}; the conversation so far:\n" + "\n".join(self.transcript))

    async def vote(self, poll_message: dict[str, Any], option: int) -> list[dict[str, Any]]:
        self.transcript.append(f"me: [poll option {poll_message['poll']['options'][option]['text']}]")
        return await self._send(poll_answer_update(self.person, poll_message["poll"], option))

    async def _send(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        started = time.perf_counter()
        await self.post(update)
        self.latencies.append(time.perf_counter() - started)
        return self.unread()

    def saw(self, fragment: str) -> bool:
        return any(fragment in line for line in self.transcript)


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [button for row in message.get("reply_markup", {}).get("inline_keyboard", []) for button in row]


def _shown(message: dict[str, Any]) -> str:
    if "poll" in message:
        poll = message["poll"]
        described = f"{poll['description']}\n" if "description" in poll else ""
        return f"{described}[{poll['type']} poll] {poll['question']} {[option['text'] for option in poll['options']]}"
    body = message.get("text") or message.get("caption") or ""
    document = f" [document {message['document']['file_id']}]" if "document" in message else ""
    labels = [button["text"] for button in buttons(message)]
    return body + document + (f" {labels}" if labels else "")


class Staff(Protocol):
    """The instructor's part of a trainee's journey."""

    async def grade_essays(self) -> None: ...

    async def grade_assignments(self) -> None: ...


ASSIGNMENT_WORK = "I turned on MFA and moved my passwords into the manager. The phishing examples surprised me."


async def take_the_course(user: TelegramUser, code: str, staff: Staff, *, max_steps: int = 80) -> None:
    """From enrolling to completion: every item done, the quiz answered, the assignment handed in.

    When work waits for an instructor, `staff` grades it before the trainee goes on.
    """
    await user.say("/courses")
    await user.press(f"Enroll in {code}")
    fresh = await user.press("Continue")
    for _ in range(max_steps):
        shown = "\n".join(_shown(message) for message in fresh)
        if "You have completed" in shown:
            return
        if "must be graded by an instructor" in shown:
            await staff.grade_essays()
            fresh = await user.say(f"/continue {code}")
        elif "This is an assignment" in shown:
            await hand_in_the_assignment(user, fresh[-1])
            await staff.grade_assignments()
            fresh = await user.say(f"/continue {code}")
        elif "Still to do to complete" in shown:
            await hand_in_assignments(user)
            await staff.grade_assignments()
            fresh = await user.say(f"/continue {code}")
        else:
            fresh = await next_step(user, fresh)
    raise AssertionError("the course did not complete:\n" + "\n".join(user.transcript))


async def hand_in_the_assignment(user: TelegramUser, offered: dict[str, Any]) -> None:
    """Press the offered assignment's Submit button and send the work as the next text."""
    [label] = [button["text"] for button in buttons(offered) if button["text"].startswith("Submit the assignment: ")]
    await user.press(label, on=offered)
    submitted = await user.say(ASSIGNMENT_WORK)
    assert any("Submitted" in _shown(message) for message in submitted), user.transcript[-3:]


async def hand_in_assignments(user: TelegramUser) -> None:
    """Open each assignment not handed in yet and send the work as the next text."""
    (listing,) = await user.say("/assignments")
    for label in [button["text"] for button in buttons(listing) if button["text"].startswith("Open: ")]:
        await user.press(label, on=listing)
        submitted = await user.say(ASSIGNMENT_WORK)
        assert any("Submitted" in _shown(message) for message in submitted), user.transcript[-3:]


async def next_step(user: TelegramUser, fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a diligent trainee does next, seeing the newest messages."""
    newest = fresh[-1] if fresh else user.messages[-1]
    shown = "\n".join(_shown(message) for message in fresh)
    polls = [message for message in fresh if "poll" in message]
    if polls:
        poll = polls[-1]
        options = [option["text"] for option in poll["poll"]["options"]]
        return await user.vote(poll, options.index(_right_option(poll["poll"]["question"], options)))
    choices = [button for button in buttons(newest) if str(button.get("callback_data", "")).startswith("?")]
    if choices:
        right = _right_option(shown, [button["text"] for button in choices])
        return await user.press(right, on=newest)
    if "Type your answer" in shown:
        answer = next((answer for clue, answer in TYPED_ANSWERS.items() if clue in shown), None)
        if answer is None:
            raise AssertionError(f"no typed answer known for {shown!r}")
        return await user.say(answer)
    for label in ("Start the quiz", "Done ✓", "Continue", "Next question", "Submit"):
        if any(button["text"] == label for button in buttons(newest)):
            return await user.press(label, on=newest)
    return await user.say("/continue")


def _right_option(question: str, options: list[str]) -> str:
    for clue, right in RIGHT_OPTIONS.items():
        if clue in question and right in options:
            return right
    raise AssertionError(f"no known right answer to {question!r} among {options}")
