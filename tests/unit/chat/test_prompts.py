"""Pending free-text prompts: what the next text answers, and when a prompt has gone stale."""

import uuid
from datetime import UTC, datetime, timedelta

from adapters.chat.phrases import full_grammar
from adapters.chat.prompts import PROMPT_LIFETIME, pending_prompt, prompt_of, with_text
from domain.assessments.commands import AnswerQuestion
from domain.replies import Prompt, Reply
from domain.unit_of_work import Sender

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def sender(action: str | None, since: datetime | None) -> Sender:
    return Sender(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), action, since)


def test_the_typed_text_is_appended_to_the_prompt_action() -> None:
    assert with_text("answer x 4 ", "Lock the screen") == "answer x 4 Lock the screen"
    assert with_text("answer x 4", "Lock it") == "answer x 4 Lock it"


def test_a_recent_prompt_waits_and_a_stale_one_is_ignored() -> None:
    assert pending_prompt(sender("answer x 4 ", NOW - timedelta(minutes=5)), NOW) == "answer x 4 "
    assert pending_prompt(sender("answer x 4 ", NOW - PROMPT_LIFETIME - timedelta(seconds=1)), NOW) is None
    assert pending_prompt(sender(None, None), NOW) is None


def test_the_last_reply_asking_for_text_sets_the_prompt() -> None:
    write = full_grammar().prompt_line
    replies = [Reply(text="a", text_action="first "), Reply(text="b"), Reply(text="c", text_action="last ")]
    assert prompt_of(replies, write) == "last "
    assert prompt_of([Reply(text="nothing to type")], write) is None
    attempt = uuid.uuid4()
    asked = Reply(text="d", prompt=Prompt.of(AnswerQuestion, attempt_id=attempt, number=4))
    assert prompt_of([*replies, asked], write) == f"answer {attempt} 4 "
