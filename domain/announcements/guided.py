"""The guided flow: `announce` alone asks for the audience, title, text, priority, pin, schedule and expiry one
at a time, keeping the answers in a draft row (never listed or sent), then previews with the recipient count."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import select, text

from domain.announcements import texts
from domain.announcements.commands import EditDraft, StartAnnouncement
from domain.announcements.listing import withdraw
from domain.announcements.posting import check_times, publish, resolve_audience
from domain.announcements.rendering import announcement_reply
from domain.clock import organization_zone
from domain.errors import InvalidInput, NotFound
from domain.messagebus import Context
from domain.models import Announcement, Course, Department
from domain.models.enums import Priority
from domain.replies import Button, Prompt, Reply

COUNT = text("""
SELECT count(*) FROM users u
WHERE u.is_active AND u.id <> :author AND CASE
    WHEN CAST(:course AS uuid) IS NOT NULL THEN EXISTS (
        SELECT 1 FROM enrollments e WHERE e.course_id = CAST(:course AS uuid) AND e.trainee_id = u.id
        AND e.status IN ('enrolled', 'in_progress'))
    WHEN CAST(:department AS uuid) IS NOT NULL THEN u.department_id = CAST(:department AS uuid)
    ELSE true END
""")
# The draft_id of `draft new AUDIENCE`, the flow's first step.
NEW = "new"
NEXT = {"title": "text", "text": "priority", "priority": "pin", "pin": "at", "at": "until", "until": "preview"}


async def start_announcement(ctx: Context, command: StartAnnouncement) -> list[Reply]:
    if not ctx.actor.is_staff:
        await resolve_audience(ctx, "all")  # refuses a trainee with the usual words
    courses = select(Course.course_code).order_by(Course.course_code).limit(6)
    if not ctx.actor.is_admin:
        courses = courses.where(Course.instructor_id == ctx.actor.user_id)
    audiences = list(await ctx.session.scalars(courses))
    if ctx.actor.is_admin:
        departments = await ctx.session.scalars(select(Department.code).order_by(Department.code).limit(4))
        audiences += [f"dept:{code}" for code in departments]
    choices = [Button(label=audience, command=new_draft(audience)) for audience in audiences]
    if ctx.actor.is_admin:
        choices.append(Button(label=texts.EVERYONE, command=new_draft("all")))
    return [
        Reply(text=texts.ASK_AUDIENCE, choices=choices, prompt=Prompt.of(EditDraft, draft_id=NEW, field="audience"))
    ]


def new_draft(audience: str) -> EditDraft:
    return EditDraft(draft_id=NEW, field="audience", value=audience)


async def edit_draft(ctx: Context, command: EditDraft) -> list[Reply]:
    if command.draft_id == NEW:
        audience = await resolve_audience(ctx, command.value.strip())
        row = Announcement(
            organization_id=ctx.actor.organization_id,
            course_id=audience.course_id,
            department_id=audience.department_id,
            title="(draft)",
            content="",
            created_by=ctx.actor.user_id,
            is_draft=True,
        )
        ctx.session.add(row)
        await ctx.session.flush()
        return await ask(ctx, row, "title")
    row = await draft(ctx, command.draft_id)
    zone = await organization_zone(ctx.session, ctx.actor.organization_id)
    value = command.value.strip()
    if command.field == "send":
        return await send_draft(ctx, row)
    if command.field in ("title", "text") and not value:
        raise InvalidInput(texts.ASK_TITLE if command.field == "title" else texts.ASK_TEXT)
    if command.field == "title":
        row.title = value[:255]
    elif command.field == "text":
        row.content = value
    elif command.field == "priority":
        row.priority = Priority(value.lower()).value if value.lower() in tuple(Priority) else Priority.NORMAL.value
    elif command.field == "pin":
        row.is_pinned = value.lower() == "yes"
    elif command.field in ("at", "until"):
        moment = None if value.lower() in ("now", "keep", "") else parse_time(value).replace(tzinfo=zone)
        if command.field == "at":
            check_times(moment, None, datetime.now(UTC))
            row.published_at = moment
        else:
            check_times(None, moment, row.published_at or datetime.now(UTC))
            row.expires_at = moment
    await ctx.session.flush()
    return await ask(ctx, row, NEXT[command.field])


async def ask(ctx: Context, row: Announcement, step: str) -> list[Reply]:
    zone = (await organization_zone(ctx.session, ctx.actor.organization_id)).key
    typed = Prompt.of(EditDraft, draft_id=str(row.id), field=step)

    def choice(label: str, value: str) -> Button:
        return Button(label=label, command=EditDraft(draft_id=str(row.id), field=step, value=value))

    if step == "title":
        return [Reply(text=texts.ASK_TITLE, prompt=typed)]
    if step == "text":
        return [Reply(text=texts.ASK_TEXT, prompt=typed)]
    if step == "priority":
        return [Reply(text=texts.ASK_PRIORITY, choices=[choice(p.value.title(), p.value) for p in Priority])]
    if step == "pin":
        return [Reply(text=texts.ASK_PIN, choices=[choice(texts.YES, "yes"), choice(texts.NO, "no")])]
    if step == "at":
        return [Reply(text=texts.ASK_AT.format(zone=zone), choices=[choice(texts.NOW, "now")], prompt=typed)]
    if step == "until":
        return [Reply(text=texts.ASK_UNTIL.format(zone=zone), choices=[choice(texts.KEEP, "keep")], prompt=typed)]
    return await preview(ctx, row)


async def preview(ctx: Context, row: Announcement) -> list[Reply]:
    zone = await organization_zone(ctx.session, ctx.actor.organization_id)
    parameters = {"author": row.created_by, "course": row.course_id, "department": row.department_id}
    count = (await ctx.uow.fetch_one(COUNT, parameters))[0]
    when = ""
    if row.published_at is not None:
        when = texts.PREVIEW_AT.format(when=row.published_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"))
    people = "person" if count == 1 else "people"
    label = await audience_label(ctx, row)
    header = texts.PREVIEW.format(audience=label, count=f"{count:,}", people=people, when=when)
    shown = announcement_reply(row.title, row.content, row.priority, pinned=bool(row.is_pinned))
    buttons = [
        Button(label=texts.CONFIRM, command=EditDraft(draft_id=str(row.id), field="send"), style="primary"),
        withdraw(row.id, texts.CANCEL),
    ]
    return [Reply(text=header), shown.model_copy(update={"buttons": buttons})]


async def send_draft(ctx: Context, row: Announcement) -> list[Reply]:
    zone = await organization_zone(ctx.session, ctx.actor.organization_id)
    now = datetime.now(UTC)
    scheduled = row.published_at is not None
    check_times(row.published_at, row.expires_at, now)
    row.is_draft = False
    row.published_at = row.published_at or now
    await ctx.session.flush()
    return await publish(ctx, row, await audience_label(ctx, row), zone, scheduled=scheduled)


async def draft(ctx: Context, draft_id: str) -> Announcement:
    try:
        key = uuid.UUID(draft_id)
    except ValueError:
        raise NotFound(texts.NO_DRAFT) from None
    row = await ctx.session.get(Announcement, key, with_for_update=True)
    if row is None or not row.is_draft or row.withdrawn_at is not None or row.created_by != ctx.actor.user_id:
        raise NotFound(texts.NO_DRAFT)
    return row


async def audience_label(ctx: Context, row: Announcement) -> str:
    if row.course_id is not None:
        return str(await ctx.session.scalar(select(Course.course_code).where(Course.id == row.course_id)))
    if row.department_id is not None:
        code = await ctx.session.scalar(select(Department.code).where(Department.id == row.department_id))
        return texts.AUDIENCE_DEPARTMENT.format(code=code)
    return texts.AUDIENCE_ALL


def parse_time(value: str) -> datetime:
    try:
        return datetime.strptime(" ".join(value.split()), "%Y-%m-%d %H:%M")
    except ValueError:
        raise InvalidInput(texts.BAD_TIME) from None
