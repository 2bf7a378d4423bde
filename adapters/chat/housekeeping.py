"""Forgetting what the chat layer no longer needs: old update keys, handled inbox rows, old quiz polls.

Telegram redelivers for about a day and Slack within minutes, so a week of update keys is plenty.
"""

from sqlalchemy import text

from domain.unit_of_work import UnitsOfWork

KEEP_UPDATE_KEYS = "7 days"
KEEP_POLLS = "30 days"

FORGET = (
    text(f"DELETE FROM processed_updates WHERE processed_at < now() - interval '{KEEP_UPDATE_KEYS}'"),
    text(f"DELETE FROM chat_inbox WHERE handled_at < now() - interval '{KEEP_UPDATE_KEYS}'"),
    text(f"DELETE FROM telegram_polls WHERE created_at < now() - interval '{KEEP_POLLS}'"),
)


async def forget_old_records(units: UnitsOfWork) -> int:
    """Delete expired chat bookkeeping across every organization; returns how many rows went."""
    removed = 0
    async with units.open(organization_id=None, as_owner=True) as uow:
        for statement in FORGET:
            result = await uow.session.execute(statement)
            removed += int(getattr(result, "rowcount", 0) or 0)
        await uow.commit()
    return removed
