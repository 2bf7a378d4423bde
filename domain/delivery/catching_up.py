"""Announcements and messages written by another tool (an import, an admin's SQL) reach people like our own.

Our own commands deliver in the transaction that writes the row. A row written straight into `announcements`
or `messages` has no delivery: a scheduled job finds, across organizations, every announcement whose time has
come and that was never fanned out (not a draft, not withdrawn, not expired) and fans it out, and every
direct message with no delivery (unread, not archived) and delivers it, with the same words and buttons.
Only rows of the last day (RECENT): importing last year's announcements is history, not news. Both are
claimed safely when two jobs overlap: the fan-out by its `fanned_out_at` update, a message by a row lock
taken before the "has it a delivery?" check, in its own statement so that it sees the other's commit.
A message without a recipient (the seed allows one about a course) has no one to deliver to and is left.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from domain.announcements.publishing import publish_now
from domain.delivery.outbox import Outgoing, deliver
from domain.messaging import texts
from domain.messaging.sending import received_notice
from domain.models.delivery import DeliveryKind
from domain.unit_of_work import UnitsOfWork

CATCH_UP = "deliver_rows_written_elsewhere"
RECENT = timedelta(days=1)
BATCH_SIZE = 200

UNPUBLISHED = text("""
SELECT a.organization_id, a.id FROM announcements a
WHERE a.fanned_out_at IS NULL AND a.withdrawn_at IS NULL AND NOT a.is_draft
  AND a.published_at <= :now AND a.published_at > :since
  AND (a.expires_at IS NULL OR a.expires_at > :now)
ORDER BY a.published_at, a.id
LIMIT :limit
""")
UNDELIVERED = text("""
SELECT m.organization_id, m.id FROM messages m
WHERE m.recipient_id IS NOT NULL AND m.is_read IS NOT TRUE AND m.is_archived IS NOT TRUE
  AND m.created_at > :since AND m.created_at <= :now
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id)
ORDER BY m.created_at, m.id
LIMIT :limit
""")
LOCK_MESSAGE = text("SELECT id FROM messages WHERE id = :id FOR UPDATE SKIP LOCKED")
MESSAGE_TO_DELIVER = text("""
SELECT m.id, m.recipient_id, m.content, c.course_code,
       coalesce(u.first_name || ' ' || u.last_name, :nobody) AS sender_name
FROM messages m
LEFT JOIN users u ON u.id = m.sender_id
LEFT JOIN courses c ON c.id = m.course_id
WHERE m.id = :id AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id)
""")


async def catch_up(units: UnitsOfWork, *, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Deliver what was written elsewhere and is due at `now`; how many announcements and messages it took."""
    moment = now or datetime.now(UTC)
    window = {"now": moment, "since": moment - RECENT, "limit": batch_size}
    async with units.open(organization_id=None, as_owner=True) as uow:
        announcements = await uow.fetch(UNPUBLISHED, window)
        messages = await uow.fetch(UNDELIVERED, window)
    for row in announcements:
        await publish_now(units, row.organization_id, row.id, now=moment)
    for row in messages:
        async with units.open(organization_id=row.organization_id) as uow:
            if not await uow.fetch(LOCK_MESSAGE, {"id": row.id}):
                continue  # another run holds it
            found = await uow.fetch(MESSAGE_TO_DELIVER, {"id": row.id, "nobody": texts.YOUR_ORGANIZATION})
            if found:
                message = found[0]
                notice = received_notice(message.id, message.sender_name, message.course_code, message.content)
                outgoing = [Outgoing(message.recipient_id, [notice])]
                await deliver(uow, DeliveryKind.MESSAGE, outgoing, message_id=message.id)
            await uow.commit()
    return len(announcements) + len(messages)
