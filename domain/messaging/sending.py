"""`message` and replies: who may write to whom, the message row, and its delivery to the recipient."""

import uuid
from typing import Any

from sqlalchemy import text

from domain.delivery.outbox import Outgoing, deliver
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.messagebus import Context
from domain.messaging import texts
from domain.messaging.commands import ArchiveMessage, ReplyToMessage, SendMessage
from domain.models import Message
from domain.models.delivery import DeliveryKind
from domain.models.enums import Role
from domain.replies import Button, Prompt, Reply, literal, say

# Row-level security keeps every lookup inside the sender's organization.
BY_EMAIL_OR_USERNAME = text("""
SELECT id, role, first_name || ' ' || last_name AS name FROM users
WHERE is_active AND (lower(email) = lower(:who) OR lower(username) = lower(:who))
""")
COURSE_INSTRUCTOR = text("""
SELECT u.id, u.role, u.first_name || ' ' || u.last_name AS name, c.id AS course_id, c.course_code
FROM courses c JOIN users u ON u.id = c.instructor_id AND u.is_active
WHERE lower(c.course_code) = lower(:code)
""")
TEACHES_ME = text("""
SELECT 1 FROM courses c JOIN enrollments e ON e.course_id = c.id
WHERE c.instructor_id = :instructor AND e.trainee_id = :trainee LIMIT 1
""")
TRAINEES_MAY_WRITE = text("SELECT coalesce((settings->>'trainee_messaging')::boolean, false) FROM organizations")
FIND_MESSAGE = text("""
SELECT m.id, m.sender_id, m.recipient_id, m.course_id, u.first_name || ' ' || u.last_name AS sender_name,
       c.course_code
FROM messages m JOIN users u ON u.id = m.sender_id LEFT JOIN courses c ON c.id = m.course_id
WHERE starts_with(m.id::text, :prefix) AND m.recipient_id = :me
""")


async def send_message(ctx: Context, command: SendMessage) -> list[Reply]:
    who = command.to.removeprefix("@")
    course_id, code = None, None
    rows = await ctx.uow.fetch(BY_EMAIL_OR_USERNAME, {"who": who})
    if not rows:
        rows = await ctx.uow.fetch(COURSE_INSTRUCTOR, {"code": who})
        if rows:
            course_id, code = rows[0].course_id, rows[0].course_code
    if len(rows) != 1:
        raise NotFound(texts.NOBODY.format(to=command.to))
    recipient = rows[0]
    if recipient.id == ctx.actor.user_id:
        raise InvalidInput(texts.NOT_YOURSELF)
    await _may_write(ctx, recipient)
    await _store_and_deliver(ctx, recipient.id, command.text, course_id=course_id, code=code, parent=None)
    return say(texts.SENT.format(name=literal(recipient.name)))


async def _may_write(ctx: Context, recipient: Any) -> None:
    """Staff write to anyone; a trainee to their courses' instructors, and to trainees if the organization allows."""
    if ctx.actor.is_staff:
        return
    if recipient.role == Role.INSTRUCTOR or recipient.role == Role.ADMIN:
        if await ctx.uow.fetch_one(TEACHES_ME, {"instructor": recipient.id, "trainee": ctx.actor.user_id}):
            return
    elif recipient.role == Role.TRAINEE and (await ctx.uow.fetch_one(TRAINEES_MAY_WRITE, {}))[0]:
        return
    allows_trainees = bool((await ctx.uow.fetch_one(TRAINEES_MAY_WRITE, {}))[0])
    raise PermissionDenied(texts.NOT_ALLOWED.format(others=texts.OTHERS_TOO if allows_trainees else ""))


async def reply_to_message(ctx: Context, command: ReplyToMessage) -> list[Reply]:
    """Anyone may answer a message they received; without text, the next message is the answer."""
    rows = await ctx.uow.fetch(FIND_MESSAGE, {"prefix": command.message_id.lower(), "me": ctx.actor.user_id})
    if len(rows) != 1:
        raise NotFound(texts.NO_MESSAGE.format(id=command.message_id))
    original = rows[0]
    if not command.text:
        return [
            Reply(
                text=texts.WRITE_REPLY.format(name=literal(original.sender_name)),
                prompt=Prompt.of(ReplyToMessage, message_id=str(original.id)),
            )
        ]
    await _store_and_deliver(
        ctx,
        original.sender_id,
        command.text,
        course_id=original.course_id,
        code=original.course_code,
        parent=original.id,
    )
    return say(texts.SENT.format(name=literal(original.sender_name)))


async def _store_and_deliver(
    ctx: Context,
    recipient_id: uuid.UUID,
    words: str,
    *,
    course_id: uuid.UUID | None,
    code: str | None,
    parent: uuid.UUID | None,
) -> None:
    message = Message(
        organization_id=ctx.actor.organization_id,
        sender_id=ctx.actor.user_id,
        recipient_id=recipient_id,
        course_id=course_id,
        content=words,
        parent_message_id=parent,
    )
    ctx.session.add(message)
    await ctx.session.flush()
    ctx.uow.record("message.sent", "message", message.id, after={"recipient_id": recipient_id, "parent": parent})
    notice = received_notice(message.id, ctx.actor.name, code, words)
    await deliver(ctx.uow, DeliveryKind.MESSAGE, [Outgoing(recipient_id, [notice])], message_id=message.id)


def received_notice(message_id: uuid.UUID, sender_name: str, code: str | None, words: str) -> Reply:
    """What the recipient reads: who writes, about which course, the text, and Reply / Archive."""
    about = texts.ABOUT_COURSE.format(code=literal(code)) if code else ""
    return Reply(
        text=texts.RECEIVED.format(name=literal(sender_name), about=about, text=literal(words)),
        buttons=[
            Button(label=texts.REPLY, command=ReplyToMessage(message_id=str(message_id)), style="primary"),
            Button(label=texts.ARCHIVE, command=ArchiveMessage(message_id=str(message_id))),
        ],
    )
