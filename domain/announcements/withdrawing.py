"""Withdrawing an announcement before it has reached everyone: what was not sent yet never will be."""

import uuid

from sqlalchemy import text

from domain.announcements import texts
from domain.announcements.commands import WithdrawAnnouncement
from domain.errors import Conflict, NotFound, PermissionDenied
from domain.messagebus import Context
from domain.replies import Reply, literal, say

FIND = text("""
SELECT a.id, a.title, a.created_by, a.withdrawn_at,
       (SELECT count(*) FROM deliveries d WHERE d.announcement_id = a.id AND d.status = 'sent') AS sent,
       (SELECT count(*) FROM deliveries d WHERE d.announcement_id = a.id
        AND d.status IN ('queued', 'sending')) AS pending,
       a.fanned_out_at
FROM announcements a WHERE starts_with(a.id::text, :prefix) FOR UPDATE OF a
""")
# A delivery a worker is sending right now finishes; every queued one stops here (the worker re-reads it).
STOP = text("""
UPDATE deliveries SET status = 'withdrawn' WHERE announcement_id = :id AND status = 'queued' RETURNING id
""")
MARK = text("UPDATE announcements SET withdrawn_at = now() WHERE id = :id")


async def withdraw_announcement(ctx: Context, command: WithdrawAnnouncement) -> list[Reply]:
    prefix = command.announcement_id.lower()
    rows = await ctx.uow.fetch(FIND, {"prefix": prefix})
    if len(rows) != 1:
        raise NotFound(texts.NOT_FOUND.format(id=command.announcement_id))
    row = rows[0]
    if row.created_by != ctx.actor.user_id and not ctx.actor.is_admin:
        raise PermissionDenied(texts.NOT_YOURS)
    if row.withdrawn_at is not None:
        raise Conflict(texts.ALREADY_WITHDRAWN)
    if row.fanned_out_at is not None and row.pending == 0:
        raise Conflict(texts.ALL_SENT.format(title=literal(row.title), sent=row.sent))
    stopped = await ctx.uow.fetch(STOP, {"id": row.id})
    await ctx.uow.fetch(MARK, {"id": row.id})
    ctx.uow.record("announcement.withdrawn", "announcement", uuid.UUID(str(row.id)), after={"stopped": len(stopped)})
    return say(texts.WITHDRAWN.format(title=literal(row.title), stopped=len(stopped), sent=row.sent))
