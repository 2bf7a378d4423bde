"""`inbox` (unread first; reading marks them read) and `archive`."""

from sqlalchemy import text

from domain.clock import local_time, organization_zone
from domain.errors import NotFound
from domain.messagebus import Context
from domain.messaging import texts
from domain.messaging.commands import ArchiveMessage, ReplyToMessage, ShowInbox
from domain.replies import Button, Reply, literal, say

INBOX = text("""
SELECT m.id, m.content, m.is_read, m.created_at, u.first_name || ' ' || u.last_name AS sender_name
FROM messages m JOIN users u ON u.id = m.sender_id
WHERE m.recipient_id = :me AND NOT coalesce(m.is_archived, false)
ORDER BY coalesce(m.is_read, false), m.created_at DESC
LIMIT 10
""")
UNREAD = text("""
SELECT count(*) FROM messages WHERE recipient_id = :me AND NOT coalesce(is_read, false)
AND NOT coalesce(is_archived, false)
""")
MARK_READ = text("""
UPDATE messages SET is_read = true, read_at = now()
WHERE id = ANY(CAST(:ids AS uuid[])) AND recipient_id = :me AND NOT coalesce(is_read, false)
""")
ARCHIVE = text("""
UPDATE messages SET is_archived = true, is_read = true, read_at = coalesce(read_at, now())
WHERE starts_with(id::text, :prefix) AND recipient_id = :me RETURNING id
""")


async def show_inbox(ctx: Context, command: ShowInbox) -> list[Reply]:
    me = {"me": ctx.actor.user_id}
    rows = await ctx.uow.fetch(INBOX, me)
    if not rows:
        return say(texts.INBOX_EMPTY)
    unread = (await ctx.uow.fetch_one(UNREAD, me))[0]
    replies = [Reply(text=texts.INBOX_HEADER.format(unread=unread))]
    zone = await organization_zone(ctx.session, ctx.actor.organization_id)
    for row in rows:
        line = texts.INBOX_LINE.format(
            new=texts.NEW if not row.is_read else "",
            name=literal(row.sender_name),
            when=local_time(row.created_at, zone),
            text=literal(row.content),
        )
        buttons = [
            Button(label=texts.REPLY, command=ReplyToMessage(message_id=str(row.id)), style="primary"),
            Button(label=texts.ARCHIVE, command=ArchiveMessage(message_id=str(row.id))),
        ]
        replies.append(Reply(text=line, buttons=buttons))
    await ctx.uow.fetch(MARK_READ, {"ids": [row.id for row in rows if not row.is_read], **me})
    return replies


async def archive_message(ctx: Context, command: ArchiveMessage) -> list[Reply]:
    rows = await ctx.uow.fetch(ARCHIVE, {"prefix": command.message_id.lower(), "me": ctx.actor.user_id})
    if len(rows) != 1:
        raise NotFound(texts.NO_MESSAGE.format(id=command.message_id))
    return say(texts.ARCHIVED)
