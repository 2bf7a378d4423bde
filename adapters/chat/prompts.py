"""Pending free-text prompts: a reply's text_action waits in conversation_states for the person's next text.

The prompt is saved in the same transaction as the command whose reply asked for it (MessageBus `after`),
so a redelivered update changes it no more than anything else. Any command replaces or clears it; a
prompt older than PROMPT_LIFETIME is ignored, so a forgotten question does not swallow tomorrow's text.
"""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.messagebus import AfterHandler, Context
from domain.replies import Reply
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


def prompt_of(replies: list[Reply]) -> str | None:
    """The last prompt the replies ask for; None when they ask for no text."""
    return next((reply.text_action for reply in reversed(replies) if reply.text_action), None)


def with_text(action: str, typed: str) -> str:
    """The pending action with the typed text appended, as Reply.text_action promises."""
    return action + typed if action.endswith((" ", "\n")) else f"{action} {typed}"


async def save_prompt(uow: UnitOfWork, identity_id: uuid.UUID, action: str | None) -> None:
    await uow.fetch(SAVE_PROMPT, {"identity": identity_id, "action": action})


def keep_prompt(sender: Sender) -> AfterHandler:
    """An `after` step for MessageBus.handle that stores what the replies ask for, or clears the old prompt."""

    async def after(ctx: Context, replies: list[Reply]) -> None:
        prompt = prompt_of(replies)
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
