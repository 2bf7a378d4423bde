"""`announcements`: the current ones for a person, pinned first; their own with how sending went."""

from sqlalchemy import text

from domain.announcements import texts
from domain.announcements.commands import WithdrawAnnouncement
from domain.announcements.rendering import MARKS
from domain.messagebus import Context
from domain.models.delivery import NO_CHAT_ACCOUNT
from domain.models.enums import Priority
from domain.replies import Button, Reply, literal

# Current: published, not expired, not withdrawn; addressed to the person (their course as trainee or
# instructor, their department, everyone) or written by them.
CURRENT = text("""
SELECT a.id, a.title, a.content, a.priority, a.is_pinned, a.published_at, a.created_by = :user_id AS mine,
       counts.total, counts.sent, counts.unreachable, counts.failed, counts.uncertain, counts.withdrawn
FROM announcements a
LEFT JOIN LATERAL (
    SELECT count(*) AS total,
           count(*) FILTER (WHERE d.status = 'sent') AS sent,
           count(*) FILTER (WHERE d.status = 'failed' AND d.failure_reason = :no_chat_account) AS unreachable,
           count(*) FILTER (WHERE d.status = 'failed' AND d.failure_reason IS DISTINCT FROM :no_chat_account)
               AS failed,
           count(*) FILTER (WHERE d.status = 'uncertain') AS uncertain,
           count(*) FILTER (WHERE d.status = 'withdrawn') AS withdrawn
    FROM deliveries d WHERE d.announcement_id = a.id AND a.created_by = :user_id
) counts ON true
WHERE a.withdrawn_at IS NULL AND NOT a.is_draft
  AND a.published_at <= now()
  AND (a.expires_at IS NULL OR a.expires_at > now())
  AND (
      a.created_by = :user_id
      OR (a.course_id IS NULL AND a.department_id IS NULL)
      OR a.department_id = (SELECT department_id FROM users WHERE id = :user_id)
      OR EXISTS (SELECT 1 FROM enrollments e WHERE e.course_id = a.course_id AND e.trainee_id = :user_id
                 AND e.status IN ('enrolled', 'in_progress', 'completed'))
      OR EXISTS (SELECT 1 FROM courses c WHERE c.id = a.course_id AND c.instructor_id = :user_id)
  )
ORDER BY a.is_pinned DESC NULLS LAST, a.published_at DESC
LIMIT 20
""")


def delivery_counts(row: object) -> str:
    """`sent 9,995 of 10,000 · 2 unreachable · 2 failed · 1 uncertain`: unreachable people (no chat account left to
    try), failed for another reason (refused by the platform, retries used up), may or may not have arrived."""
    parts = [texts.COUNTS.format(sent=row.sent, total=row.total)]  # type: ignore[attr-defined]
    for name, words in texts.COUNT_PARTS.items():
        if getattr(row, name):
            parts.append(words.format(n=getattr(row, name)))
    return " · ".join(parts)


async def list_announcements(ctx: Context, command: object) -> list[Reply]:
    rows = await ctx.uow.fetch(CURRENT, {"user_id": ctx.actor.user_id, "no_chat_account": NO_CHAT_ACCOUNT})
    if not rows:
        return [Reply(text=texts.NONE_CURRENT)]
    replies = [Reply(text=texts.LIST_HEADER)]
    for row in rows:
        mark = MARKS.get(Priority(row.priority or Priority.NORMAL), "")
        pin = texts.PINNED if row.is_pinned else ""
        reply_text = f"{pin}{mark}*{literal(row.title)}*\n{literal(row.content)}"
        if row.mine:
            pending = row.total - row.sent - row.unreachable - row.failed - row.uncertain - row.withdrawn
            buttons = [withdraw(row.id)] if pending > 0 else []
            replies.append(Reply(text=reply_text, context=delivery_counts(row), buttons=buttons))
        else:
            replies.append(Reply(text=reply_text, context=row.published_at.strftime("%Y-%m-%d")))
    return replies


def withdraw(announcement_id: object, label: str = texts.WITHDRAW) -> Button:
    return Button(label=label, command=WithdrawAnnouncement(announcement_id=str(announcement_id)), style="danger")
