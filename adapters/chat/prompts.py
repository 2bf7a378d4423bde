"""Pending free-text prompts: a reply's prompt waits in conversation_states for the person's next text.

It is kept as the registry writes it (Grammar.prompt_line): the start of a command line, which the typed text
ends and the grammar then parses like any other line.

The prompt is saved in the same transaction as the command whose reply asked for it (MessageBus `after`),
so a redelivered update changes it no more than anything else. Any command replaces or clears it; a
prompt older than PROMPT_LIFETIME is ignored, so a forgotten question does not swallow tomorrow's text.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.messagebus import AfterHandler, Context
from domain.replies import Prompt, Reply
from domain.unit_of_work import Sender, UnitOfWork
from infrastructure.unit_of_work import PostgresUnitOfWork

PROMPT_LIFETIME = timedelta(hours=24)

SAVE_PROMPT = text("""
    INSERT INTO conversation_states (chat_identity_id, pending_action, pending_since)
    VALUES (:identity, CAST(:action AS text), CASE WHEN CAST(:action AS text) IS NULL THEN NULL ELSE now() END)
    ON CONFLICT (chat_identity_id) DO UPDATE
    SET pending_action = EXCLUDED.pending_action, pending_since = EXCLUDED.pending_since
""")


def pending_prompt(sender: Sender, now: datetime | None = None) -> str | None:
    """The action the sender's next free text answers, unless it has gone stale."""
    if sender.pending_action is None:
        return None
    if sender.pending_since is not None and (now or datetime.now(UTC)) - sender.pending_since > PROMPT_LIFETIME:
        return None
    return sender.pending_action


# How a prompt is written as the line its typed text ends (Grammar.prompt_line).
WritePrompt = Callable[[Prompt], str]


def prompt_of(replies: list[Reply], write: WritePrompt) -> str | None:
    """The last prompt the replies ask for, as its line; None when they ask for no text."""
    for reply in reversed(replies):
        if reply.prompt is not None:
            return write(reply.prompt)
        if reply.text_action:
            return reply.text_action
    return None


def with_text(action: str, typed: str) -> str:
    """The pending prompt's line with the typed text appended."""
    return action + typed if action.endswith((" ", "\n")) else f"{action} {typed}"


async def save_prompt(uow: UnitOfWork, identity_id: uuid.UUID, action: str | None) -> None:
    await uow.fetch(SAVE_PROMPT, {"identity": identity_id, "action": action})


def keep_prompt(sender: Sender, write: WritePrompt) -> AfterHandler:
    """An `after` step for MessageBus.handle that stores what the replies ask for, or clears the old prompt."""

    async def after(ctx: Context, replies: list[Reply]) -> None:
        prompt = prompt_of(replies, write)
        if prompt is not None or sender.pending_action is not None:
            await save_prompt(ctx.uow, sender.identity_id, prompt)

    return after


async def clear_prompt(sessionmaker: async_sessionmaker[AsyncSession], sender: Sender) -> None:
    """Forget the sender's prompt (a command that needs no engine, such as help, was typed)."""
    if sender.pending_action is None:
        return
    async with PostgresUnitOfWork(sessionmaker, organization_id=sender.organization_id, actor_id=sender.user_id) as uow:
        await save_prompt(uow, sender.identity_id, None)
        await uow.commit()
