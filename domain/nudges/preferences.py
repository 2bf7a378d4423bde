"""`nudges off` / `nudges on`: a person stops review nudges or has them back; `nudges` says how they stand."""

from typing import Literal

from sqlalchemy import text

from domain.clock import Clock, organization_zone
from domain.messagebus import Context
from domain.nudges import texts
from domain.nudges.commands import SetNudges, ShowReview
from domain.nudges.loading import when
from domain.replies import Button, Reply

TURN_OFF = text("""
INSERT INTO nudge_opt_outs (user_id, organization_id) VALUES (:user_id, :organization_id)
ON CONFLICT (user_id) DO NOTHING
RETURNING user_id
""")
TURN_ON = text("DELETE FROM nudge_opt_outs WHERE user_id = :user_id RETURNING user_id")
STANDING = text("""
SELECT EXISTS (SELECT 1 FROM nudge_opt_outs WHERE user_id = :user_id) AS off,
       count(r.id) FILTER (WHERE r.due_at <= :now) AS due, min(r.due_at) AS next_due,
       (SELECT count(*) FROM review_cards m WHERE m.trainee_id = :user_id) AS missed,
       (SELECT count(m.first_right_at) FROM review_cards m WHERE m.trainee_id = :user_id) AS later_right
FROM review_cards r
JOIN enrollments e ON e.id = r.enrollment_id
JOIN assessments s ON s.id = r.assessment_id
JOIN courses c ON c.id = s.course_id
WHERE r.trainee_id = :user_id AND r.stopped_at IS NULL
  AND e.status <> 'dropped' AND c.status IS DISTINCT FROM 'archived'
""")


async def set_nudges(ctx: Context, command: SetNudges, *, clock: Clock) -> list[Reply]:
    """Turn nudges off or on (saying so when they already were), or say how they stand."""
    actor = ctx.actor
    if command.switch == "off":
        changed = await ctx.uow.fetch(TURN_OFF, {"user_id": actor.user_id, "organization_id": actor.organization_id})
        if changed:
            ctx.uow.record("nudges.off", "user", actor.user_id)
        return [Reply(text=texts.NUDGES_OFF if changed else texts.ALREADY_OFF, buttons=[switch("on")])]
    if command.switch == "on":
        changed = await ctx.uow.fetch(TURN_ON, {"user_id": actor.user_id})
        if changed:
            ctx.uow.record("nudges.on", "user", actor.user_id)
        return [Reply(text=texts.NUDGES_ON if changed else texts.ALREADY_ON, buttons=[switch("off")])]
    now = clock.now()
    standing = await ctx.uow.fetch_one(STANDING, {"user_id": actor.user_id, "now": now})
    if standing.due:
        due = texts.CARDS_DUE.format(count=standing.due, s=texts.plural(standing.due))
    elif standing.next_due is not None:
        zone = await organization_zone(ctx.session, actor.organization_id)
        due = texts.CARDS_LATER.format(when=when(standing.next_due, now, zone))
    else:
        due = texts.NO_CARDS
    words = (texts.STATUS_OFF if standing.off else texts.STATUS_ON).format(due=due)
    if standing.missed:
        words += "\n" + texts.TALLY.format(
            later_right=standing.later_right, missed=standing.missed, s=texts.plural(standing.missed)
        )
    buttons = [switch("on" if standing.off else "off")]
    if standing.due:
        buttons.insert(0, Button(label=texts.REVIEW_NOW, command=ShowReview(), style="primary"))
    return [Reply(text=words, buttons=buttons)]


def switch(to: Literal["on", "off"]) -> Button:
    return Button(label=texts.TURN_ON if to == "on" else texts.TURN_OFF, command=SetNudges(switch=to))
