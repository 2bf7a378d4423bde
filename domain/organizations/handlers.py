"""Administration from chat: what an organization's admin may do to its departments and people."""

from domain.errors import Conflict
from domain.messagebus import Command, Context, Handler
from domain.models import User
from domain.organizations import texts
from domain.organizations.commands import (
    AddUser,
    DeactivateUser,
    ReactivateUser,
    SaveDepartment,
    SetUserRole,
    UpdateUser,
)
from domain.organizations.departments import save_department
from domain.organizations.people import PersonExists, add_user, find_user, set_active, set_role, update_user
from domain.replies import Prompt, Reply, literal, say


async def add_user_handler(ctx: Context, command: AddUser) -> list[Reply]:
    """Add a person to the admin's organization; one already there may be updated instead, once confirmed."""
    ctx.actor.require_admin(texts.DOING_ADD_PEOPLE)
    try:
        user = await add_user(ctx.uow, command)
    except PersonExists as exists:
        return [offer_update(exists.user, command)]
    return say(texts.USER_ADDED.format(name=literal(user.full_name), email=literal(user.email), role=user.role))


def offer_update(user: User, command: AddUser) -> Reply:
    """Ask whether to update the person already there; the reply *yes* runs the update with the given details."""
    said = texts.USER_EXISTS_IN_CHAT.format(
        name=literal(user.full_name), email=literal(user.email), employee_id=literal(user.employee_id), role=user.role
    )
    details = command.model_dump(include={"employee_id", "email", "first_name", "last_name", "department_code"})
    return Reply(text=said, prompt=Prompt.of(UpdateUser, **details, role=command.role or user.role))


async def update_user_handler(ctx: Context, command: UpdateUser) -> list[Reply]:
    """Change a person's details."""
    ctx.actor.require_admin(texts.DOING_ADD_PEOPLE)
    user, changed = await update_user(ctx.uow, command)
    template = texts.USER_UPDATED if changed else texts.USER_UNCHANGED
    return say(template.format(name=literal(user.full_name), email=literal(user.email), role=user.role))


async def save_department_handler(ctx: Context, command: SaveDepartment) -> list[Reply]:
    """Add or update a department of the admin's organization."""
    ctx.actor.require_admin(texts.DOING_MANAGE_DEPARTMENTS)
    department, outcome = await save_department(ctx.uow, command)
    return say(texts.DEPARTMENT_SAVED.format(code=department.code, outcome=outcome))


async def set_role_handler(ctx: Context, command: SetUserRole) -> list[Reply]:
    """Change a person's role."""
    ctx.actor.require_admin(texts.DOING_CHANGE_ROLES)
    await refuse_own_account(ctx, command.email)
    user, changed = await set_role(ctx.uow, command.email, command.role)
    template = texts.ROLE_SET if changed else texts.ROLE_ALREADY
    return say(template.format(name=literal(user.full_name), email=literal(user.email), role=user.role))


async def deactivate_handler(ctx: Context, command: DeactivateUser) -> list[Reply]:
    """Deactivate a person: they can no longer act, their history stays."""
    ctx.actor.require_admin(texts.DOING_DEACTIVATE)
    await refuse_own_account(ctx, command.email)
    user, changed = await set_active(ctx.uow, command.email, active=False)
    template = texts.DEACTIVATED if changed else texts.ALREADY_DEACTIVATED
    return say(template.format(name=literal(user.full_name), email=literal(user.email)))


async def reactivate_handler(ctx: Context, command: ReactivateUser) -> list[Reply]:
    """Reactivate a deactivated person."""
    ctx.actor.require_admin(texts.DOING_DEACTIVATE)
    user, changed = await set_active(ctx.uow, command.email, active=True)
    template = texts.REACTIVATED if changed else texts.ALREADY_ACTIVE
    return say(template.format(name=literal(user.full_name), email=literal(user.email)))


async def refuse_own_account(ctx: Context, email: str) -> None:
    """Admins cannot lock themselves out; another admin (or the command line) can do it."""
    if (await find_user(ctx.uow, email)).id == ctx.actor.user_id:
        raise Conflict(texts.NOT_YOUR_OWN_ACCOUNT)


HANDLERS: dict[type[Command], Handler] = {
    AddUser: add_user_handler,
    UpdateUser: update_user_handler,
    SaveDepartment: save_department_handler,
    SetUserRole: set_role_handler,
    DeactivateUser: deactivate_handler,
    ReactivateUser: reactivate_handler,
}
