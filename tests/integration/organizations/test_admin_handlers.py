"""Administration from chat through the message bus: admins act on their own organization; others are refused."""

import re
import uuid

import pytest

from domain.errors import Conflict, NotFound, NotRegistered, PermissionDenied
from domain.messagebus import MessageBus
from domain.organizations import HANDLERS
from domain.organizations.commands import AddUser, DeactivateUser, ReactivateUser, SaveDepartment, SetUserRole
from domain.organizations.people import add_user
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.organizations.support import Db, audit_rows, new_organization, people, tenant


async def with_people(db: Db, slug: str) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """An organization with an admin and a trainee: (organization, admin, trainee)."""
    org = await new_organization(db, slug)
    async with tenant(db, org) as uow:
        admin = await add_user(
            uow,
            AddUser(employee_id="A1", email=f"ada@{slug}.example", first_name="Ada", last_name="Admin", role="admin"),
        )
        trainee = await add_user(
            uow, AddUser(employee_id="T1", email=f"tom@{slug}.example", first_name="Tom", last_name="Trainee")
        )
        await uow.commit()
    return org, admin.id, trainee.id


async def test_an_admin_sets_a_role_and_the_audit_names_them(db: Db) -> None:
    org, admin, trainee = await with_people(db, "acme")
    bus = MessageBus(PostgresUnitsOfWork(db), HANDLERS)
    [reply] = await bus.handle(admin, org, SetUserRole(email="tom@acme.example", role="instructor"))
    assert reply.text == "Tom Trainee (tom@acme.example) is now instructor."
    [audit] = await audit_rows(db, "user.role_changed", entity_id=trainee)
    assert audit.user_id == admin


async def test_a_trainee_cannot_administer_and_nothing_changes(db: Db) -> None:
    org, _, trainee = await with_people(db, "acme")
    bus = MessageBus(PostgresUnitsOfWork(db), HANDLERS)
    with pytest.raises(PermissionDenied, match="Only admins can change roles"):
        await bus.handle(trainee, org, SetUserRole(email="tom@acme.example", role="admin"))
    with pytest.raises(PermissionDenied):
        await bus.handle(trainee, org, SaveDepartment(code="IT", name="IT"))
    assert (await people(db, org))["tom@acme.example"].role == "trainee"


async def test_an_admin_cannot_lock_themselves_out(db: Db) -> None:
    org, admin, _ = await with_people(db, "acme")
    bus = MessageBus(PostgresUnitsOfWork(db), HANDLERS)
    with pytest.raises(Conflict, match="own role"):
        await bus.handle(admin, org, DeactivateUser(email="ada@acme.example"))
    with pytest.raises(Conflict, match="own role"):
        await bus.handle(admin, org, SetUserRole(email="ada@acme.example", role="trainee"))


async def test_a_deactivated_person_is_refused_by_the_bus_until_reactivated(db: Db) -> None:
    org, admin, trainee = await with_people(db, "acme")
    bus = MessageBus(PostgresUnitsOfWork(db), HANDLERS)
    await bus.handle(admin, org, SetUserRole(email="tom@acme.example", role="admin"))
    await bus.handle(admin, org, DeactivateUser(email="tom@acme.example"))
    with pytest.raises(NotRegistered, match="deactivated"):
        await bus.handle(trainee, org, SaveDepartment(code="IT", name="IT"))
    await bus.handle(admin, org, ReactivateUser(email="tom@acme.example"))
    [reply] = await bus.handle(trainee, org, SaveDepartment(code="IT", name="IT"))
    assert reply.text == "Department IT: created."


async def test_an_admin_of_one_organization_cannot_reach_another_organizations_people(db: Db) -> None:
    acme, acme_admin, _ = await with_people(db, "acme")
    globex, _, _ = await with_people(db, "globex")
    bus = MessageBus(PostgresUnitsOfWork(db), HANDLERS)
    with pytest.raises(NotFound, match=re.escape("No one with the email 'tom@globex.example'")):
        await bus.handle(acme_admin, acme, DeactivateUser(email="tom@globex.example"))
    with pytest.raises(NotRegistered):
        await bus.handle(acme_admin, globex, DeactivateUser(email="tom@globex.example"))
    assert (await people(db, globex))["tom@globex.example"].is_active is True


async def test_an_admin_adds_a_person(db: Db) -> None:
    org, admin, _ = await with_people(db, "acme")
    bus = MessageBus(PostgresUnitsOfWork(db), HANDLERS)
    command = AddUser(employee_id="E9", email="nina@acme.example", first_name="Nina", last_name="New")
    [reply] = await bus.handle(admin, org, command)
    assert reply.text == "Added Nina New (nina@acme.example) as trainee."
    assert "nina@acme.example" in await people(db, org)
