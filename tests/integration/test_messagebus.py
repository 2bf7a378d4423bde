"""The message bus: one transaction per command, at most one effect per platform update key."""

import asyncio
import uuid

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.command import Operation
from domain.events import Event
from domain.messagebus import Command, Context, MessageBus, Undone
from domain.models import AuditLog, Organization
from domain.replies import Reply, say
from domain.unit_of_work import UnitOfWork
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.support import factories


class RenameOrganization(Command):
    name: str


async def rename(ctx: Context, command: RenameOrganization) -> list[Reply]:
    await ctx.session.execute(update(Organization).values(name=command.name))
    ctx.uow.record("organization.renamed", "organization", ctx.actor.organization_id, after={"name": command.name})
    return say(f"Renamed to {command.name}.")


async def test_a_redelivered_update_has_no_second_effect(db: async_sessionmaker[AsyncSession]) -> None:
    async with db() as session, session.begin():
        org = await factories.organization(session)
        admin = await factories.user(session, org, role="admin")
    bus = MessageBus(PostgresUnitsOfWork(db), {RenameOrganization: rename})
    key = ("telegram", "update-1001")
    deliveries = [bus.handle(admin.id, org.id, RenameOrganization(name=f"Acme {n}"), update_key=key) for n in range(5)]
    results = await asyncio.gather(*deliveries)
    assert sorted(len(replies) for replies in results) == [0, 0, 0, 0, 1]
    async with db() as session:
        audits = await session.scalar(select(func.count()).where(AuditLog.action == "organization.renamed"))
    assert audits == 1


async def test_an_update_whose_command_failed_can_be_delivered_again(db: async_sessionmaker[AsyncSession]) -> None:
    async with db() as session, session.begin():
        org = await factories.organization(session)
        admin = await factories.user(session, org, role="admin")

    async def broken(ctx: Context, command: RenameOrganization) -> list[Reply]:
        await rename(ctx, command)
        raise RuntimeError("crash mid-work")

    key = ("slack", "Ev123")
    with pytest.raises(RuntimeError, match="crash mid-work"):
        await MessageBus(PostgresUnitsOfWork(db), {RenameOrganization: broken}).handle(
            admin.id, org.id, RenameOrganization(name="X"), update_key=key
        )
    replies = await MessageBus(PostgresUnitsOfWork(db), {RenameOrganization: rename}).handle(
        admin.id, org.id, RenameOrganization(name="Acme Again"), update_key=key
    )
    assert replies[0].text == "Renamed to Acme Again."


class OrganizationNoticed(Event):
    organization_id: uuid.UUID


async def test_an_event_raised_outside_a_command_runs_its_handlers_in_its_tenant(
    db: async_sessionmaker[AsyncSession],
) -> None:
    async with db() as session, session.begin():
        org = await factories.organization(session)
        other = await factories.organization(session)

    async def rename_on_notice(ctx: Context, event: OrganizationNoticed) -> None:
        # Row-level security limits the update to the event's own organization.
        await ctx.session.execute(update(Organization).values(name="Noticed"))

    bus = MessageBus(PostgresUnitsOfWork(db), {}, {OrganizationNoticed: [rename_on_notice]})
    await bus.publish(OrganizationNoticed(organization_id=org.id), org.id)

    async with db() as session:
        names = dict((await session.execute(select(Organization.id, Organization.name))).all())
    assert names[org.id] == "Noticed"
    assert names[other.id] == other.name


class RenameEveryOrganization(Operation[int]):
    """Adds `suffix` to the name of every organization it sees."""

    suffix: str
    keep: bool = True


async def rename_every(uow: UnitOfWork, command: RenameEveryOrganization) -> int:
    renamed = await uow.session.execute(update(Organization).values(name=Organization.name + command.suffix))
    count = int(getattr(renamed, "rowcount", 0))
    if not command.keep:
        raise Undone(-count)
    return count


async def names(db: async_sessionmaker[AsyncSession]) -> list[str]:
    async with db() as session:
        return sorted(await session.scalars(select(Organization.name)))


async def test_an_operators_operation_runs_in_the_organizations_tenant_and_returns_its_result(
    db: async_sessionmaker[AsyncSession],
) -> None:
    async with db() as session, session.begin():
        org = await factories.organization(session, name="Acme")
        await factories.organization(session, name="Other")
    bus = MessageBus(PostgresUnitsOfWork(db), {}, operations={RenameEveryOrganization: rename_every})

    # Row-level security limits the operation to its organization; as the owner it spans every one.
    assert await bus.handle_as_operator(org.id, RenameEveryOrganization(suffix="-ltd")) == 1
    assert await names(db) == ["Acme-ltd", "Other"]
    assert await bus.handle_as_operator(None, RenameEveryOrganization(suffix="-2026")) == 2
    assert await names(db) == ["Acme-ltd-2026", "Other-2026"]


async def test_an_operation_that_keeps_nothing_rolls_back_and_still_says_what_it_found(
    db: async_sessionmaker[AsyncSession],
) -> None:
    async with db() as session, session.begin():
        org = await factories.organization(session, name="Acme")
    bus = MessageBus(PostgresUnitsOfWork(db), {}, operations={RenameEveryOrganization: rename_every})

    assert await bus.handle_as_operator(org.id, RenameEveryOrganization(suffix="-gone", keep=False)) == -1
    assert await names(db) == ["Acme"]
