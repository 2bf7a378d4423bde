"""`review`: a missed question asked now, in reply (on every platform, the console too). The card a nudge's
button names, else the person's most overdue one; nudges being off does not matter to a question asked for."""

from domain.clock import Clock, organization_zone
from domain.errors import NotFound, PermissionDenied
from domain.messagebus import Context
from domain.nudges import texts
from domain.nudges.asking import review_reply
from domain.nudges.commands import ShowReview
from domain.nudges.loading import LOCK_CARD, OWN_CARDS, asked, question_of, stop, when
from domain.replies import Reply

# Cards read at once when looking for the one to ask (those whose question is gone are stopped on the way).
LOOK_AHEAD = 20


async def show_review(ctx: Context, command: ShowReview, *, clock: Clock) -> list[Reply]:
    """Ask the card given, or the most overdue one; say when the next one comes when none is due."""
    now = clock.now()
    if command.card_id is not None:
        row = await ctx.uow.fetch_one(LOCK_CARD, {"id": command.card_id})
        if row is None:
            raise NotFound(texts.NOT_FOUND)
        if row.trainee_id != ctx.actor.user_id:
            raise PermissionDenied(texts.NOT_YOURS)
        question = question_of(row) if row.stopped_at is None else None
        if question is None:
            await stop(ctx.uow, [row.id], now)
            return [Reply(text=texts.QUESTION_GONE)]
        return [review_reply(asked(row, question))]
    rows = await ctx.uow.fetch(OWN_CARDS, {"user_id": ctx.actor.user_id, "limit": LOOK_AHEAD})
    gone = []
    for row in rows:
        question = question_of(row)
        if question is None:
            gone.append(row.id)
            continue
        await stop(ctx.uow, gone, now)
        if row.due_at > now:
            zone = await organization_zone(ctx.session, ctx.actor.organization_id)
            return [Reply(text=texts.NOTHING_DUE.format(when=when(row.due_at, now, zone)))]
        return [review_reply(asked(row, question))]
    await stop(ctx.uow, gone, now)
    return [Reply(text=texts.NOTHING_AT_ALL)]
