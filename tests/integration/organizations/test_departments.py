"""Departments: added and updated by code inside the tenant, with a manager found by email."""

import re

import pytest

from domain.errors import InvalidInput, NotFound
from domain.organizations.commands import AddUser, Outcome, SaveDepartment
from domain.organizations.departments import list_departments, save_department
from domain.organizations.people import add_user
from tests.integration.organizations.support import Db, audit_rows, new_organization, tenant


async def test_a_department_is_added_then_updated_by_its_code(db: Db) -> None:
    org = await new_organization(db)
    async with tenant(db, org) as uow:
        it, outcome = await save_department(uow, SaveDepartment(code="it", name="IT", description="Computers"))
        await uow.commit()
    assert (it.code, outcome) == ("IT", Outcome.CREATED)

    async with tenant(db, org) as uow:
        _, outcome = await save_department(uow, SaveDepartment(code="IT", name="Information Technology"))
        _, again = await save_department(uow, SaveDepartment(code="IT", name="Information Technology"))
        await uow.commit()
    assert (outcome, again) == (Outcome.UPDATED, Outcome.UNCHANGED)

    async with tenant(db, org) as uow:
        [listed] = await list_departments(uow)
    assert (listed.code, listed.name, listed.description) == ("IT", "Information Technology", "Computers")
    [updated] = await audit_rows(db, "department.updated", entity_id=it.id)
    assert updated.changes == {"before": {"name": "IT"}, "after": {"name": "Information Technology"}}
    assert len(await audit_rows(db, "department.created", entity_id=it.id)) == 1


async def test_a_manager_is_named_by_email_and_shown_in_the_list(db: Db) -> None:
    org = await new_organization(db, "acme", "IT")
    async with tenant(db, org) as uow:
        irene = await add_user(
            uow,
            AddUser(
                employee_id="E2", email="irene@acme.example", first_name="Irene", last_name="I", department_code="IT"
            ),
        )
        department, outcome = await save_department(
            uow, SaveDepartment(code="IT", name="Department IT", manager_email=" Irene@ACME.example ")
        )
        await uow.commit()
    assert (department.manager_id, outcome) == (irene.id, Outcome.UPDATED)
    async with tenant(db, org) as uow:
        [listed] = await list_departments(uow)
    assert (listed.manager_email, listed.people) == ("irene@acme.example", 1)


async def test_a_manager_from_another_organization_is_not_found(db: Db) -> None:
    globex = await new_organization(db, "globex")
    async with tenant(db, globex) as uow:
        await add_user(uow, AddUser(employee_id="G1", email="gina@globex.example", first_name="Gina", last_name="G"))
        await uow.commit()
    acme = await new_organization(db, "acme")
    async with tenant(db, acme) as uow:
        with pytest.raises(NotFound, match=re.escape("gina@globex.example")):
            await save_department(uow, SaveDepartment(code="IT", name="IT", manager_email="gina@globex.example"))


@pytest.mark.parametrize(("code", "name"), [("I T", "IT"), ("IT", " ")])
async def test_a_bad_code_or_name_is_refused(db: Db, code: str, name: str) -> None:
    org = await new_organization(db)
    async with tenant(db, org) as uow:
        with pytest.raises(InvalidInput):
            await save_department(uow, SaveDepartment(code=code, name=name))
