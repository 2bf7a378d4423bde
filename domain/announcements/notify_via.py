"""`notify via telegram|slack`: the platform a person's deliveries go to, whichever they wrote from last."""

from sqlalchemy import text

from domain.announcements import texts
from domain.announcements.commands import ChooseNotificationPlatform
from domain.errors import InvalidInput
from domain.messagebus import Context
from domain.replies import Reply, say

CHOOSE = text("""
UPDATE chat_identities SET notify_here = (platform = :platform)
WHERE user_id = :user_id
RETURNING platform = :platform AND unreachable_at IS NULL AS chosen
""")


async def choose_notification_platform(ctx: Context, command: ChooseNotificationPlatform) -> list[Reply]:
    rows = await ctx.uow.fetch(CHOOSE, {"platform": command.platform, "user_id": ctx.actor.user_id})
    name = command.platform.title()
    if not any(row.chosen for row in rows):
        raise InvalidInput(texts.NOTIFY_NOT_LINKED.format(platform=name))
    return say(texts.NOTIFY_CHOSEN.format(platform=name))
