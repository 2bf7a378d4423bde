"""People one by one: added with a unique username and no password, roles set, deactivated and back."""

import re

import pytest
from sqlalchemy import select

from domain.actor import load_actor
from domain.errors import Conflict, InvalidInput, NotFound, NotRegistered
from domain.models import Enrollment, Organization
from domain.models.enums import Role
from domain.organizations.commands import AddUser
from domain.organizations.people import add_user, find_user, list_users, set_active, set_role
from tests.integration.organizations.support import Db, audit_rows, new_organization, people, tenant
from tests.support import factories


def person(email: str, employee_id: str, **fields: str) -> AddUser:
    return AddUser(employee_id=employee_id, email=email, first_name="Tom", last_name="Trainee", **fields)


async def test_adding_a_person_derives_the_username_stores_no_password_and_audits_it(db: Db) -> None:
    org = await new_organization(db, "acme", "IT")
    async with tenant(db, org) as uow:
        tom = await add_user(
            uow,
            person(" Tom.Trainee@ACME.example ", "E1", department_code="it", phone="+1 555 0101", position="Engineer"),
        )
        await uow.commit()
    stored = (await people(db, org))["tom.trainee@acme.example"]
    assert (stored.id, stored.username, stored.role, stored.password_hash) == (tom.id, "tom.trainee", "trainee", "!")
    assert (stored.phone, stored.position, stored.is_active) == ("+1 555 0101", "Engineer", True)
    [audit] = await audit_rows(db, "user.created", entity_id=tom.id)
    assert audit.organization_id == org
    assert audit.changes is not None
    assert audit.changes["after"]["email"] == "tom.trainee@acme.example"


async def test_a_second_person_with_the_same_local_part_gets_a_numbered_username(db: Db) -> None:
    org = await new_organization(db)
    async with tenant(db, org) as uow:
        await add_user(uow, person("tom@acme.example", "E1"))
        await add_user(uow, person("tom@acme-labs.example", "E2"))
        await uow.commit()
    assert sorted(user.username for user in (await people(db, org)).values()) == ["tom", "tom-2"]


async def test_a_username_taken_in_another_organization_is_avoided_without_seeing_it(db: Db) -> None:
    globex = await new_organization(db, "globex")
    async with tenant(db, globex) as uow:
        await add_user(uow, person("tom@globex.example", "G1"))
        await uow.commit()
    acme = await new_organization(db, "acme")
    async with tenant(db, acme) as uow:
        await add_user(uow, person("tom@acme.example", "E1"))
        await uow.commit()
    username = (await people(db, acme))["tom@acme.example"].username
    assert username.startswith("tom-")
    assert (await people(db, globex))["tom@globex.example"].username == "tom"


async def test_an_email_registered_with_another_organization_is_refused(db: Db) -> None:
    globex = await new_organization(db, "globex")
    async with tenant(db, globex) as uow:
        await add_user(uow, person("tom@shared.example", "G1"))
        await uow.commit()
    acme = await new_organization(db, "acme")
    async with tenant(db, acme) as uow:
        with pytest.raises(InvalidInput, match=re.escape("already registered with another organization")):
            await add_user(uow, person("tom@shared.example", "E1"))
    assert await people(db, acme) == {}


async def test_adding_someone_twice_is_a_conflict(db: Db) -> None:
    org = await new_organization(db)
    async with tenant(db, org) as uow:
        await add_user(uow, person("tom@acme.example", "E1"))
        with pytest.raises(Conflict, match=re.escape("already has tom@acme.example")):
            await add_user(uow, person("thomas@acme.example", "E1"))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"email": "tom(at)acme"}, "email 'tom(at)acme' is not a valid address"),
        ({"phone": "call me"}, "phone 'call me' is not a phone number"),
        ({"role": "boss"}, "role 'boss' is unknown"),
        ({"department_code": "NOPE"}, "department 'NOPE' does not exist"),
    ],
)
async def test_bad_details_are_refused_and_nothing_is_added(db: Db, fields: dict[str, str], expected: str) -> None:
    org = await new_organization(db)
    values = {"employee_id": "E1", "email": "tom@acme.example", "first_name": "Tom", "last_name": "T"} | fields
    async with tenant(db, org) as uow:
        with pytest.raises(InvalidInput, match=re.escape(expected)):
            await add_user(uow, AddUser(**values))
    assert await people(db, org) == {}


async def test_setting_a_role_changes_it_once_and_audits_the_change(db: Db) -> None:
    org = await new_organization(db)
    async with tenant(db, org) as uow:
        tom = await add_user(uow, person("tom@acme.example", "E1"))
        _, changed = await set_role(uow, "TOM@acme.example", "Instructor")
        _, again = await set_role(uow, "tom@acme.example", "instructor")
        await uow.commit()
    assert (changed, again) == (True, False)
    assert (await people(db, org))["tom@acme.example"].role == Role.INSTRUCTOR
    [audit] = await audit_rows(db, "user.role_changed", entity_id=tom.id)
    assert audit.changes == {"before": {"role": "trainee"}, "after": {"role": "instructor"}}


async def test_an_unknown_role_is_refused(db: Db) -> None:
    org = await new_organization(db)
    async with tenant(db, org) as uow:
        await add_user(uow, person("tom@acme.example", "E1"))
        with pytest.raises(InvalidInput, match=re.escape("role 'boss' is unknown")):
            await set_role(uow, "tom@acme.example", "boss")


async def test_a_deactivated_person_cannot_act_keeps_their_enrollments_and_can_come_back(db: Db) -> None:
    org = await new_organization(db)
    async with tenant(db, org) as uow:
        irene = await add_user(uow, person("irene@acme.example", "E2", role="instructor"))
        tom = await add_user(uow, person("tom@acme.example", "E1"))
        organization = await uow.session.get(Organization, org)
        assert organization is not None
        course = await factories.course(uow.session, organization, irene)
        await factories.enrollment(uow.session, tom, course)
        await uow.commit()

    async with tenant(db, org) as uow:
        _, changed = await set_active(uow, "tom@acme.example", active=False)
        await uow.commit()
    assert changed
    async with tenant(db, org) as uow:
        with pytest.raises(NotRegistered, match=re.escape("deactivated")):
            await load_actor(uow.session, tom.id)
        enrollments = await uow.session.scalars(select(Enrollment.id).where(Enrollment.trainee_id == tom.id))
        assert len(list(enrollments)) == 1

    async with tenant(db, org) as uow:
        await set_active(uow, "tom@acme.example", active=True)
        await uow.commit()
    async with tenant(db, org) as uow:
        assert (await load_actor(uow.session, tom.id)).user_id == tom.id
    assert len(await audit_rows(db, "user.deactivated", entity_id=tom.id)) == 1
    assert len(await audit_rows(db, "user.reactivated", entity_id=tom.id)) == 1


async def test_one_organizations_administration_never_sees_anothers_people(db: Db) -> None:
    globex = await new_organization(db, "globex")
    async with tenant(db, globex) as uow:
        await add_user(uow, person("gina@globex.example", "G1"))
        await uow.commit()
    acme = await new_organization(db, "acme")
    async with tenant(db, acme) as uow:
        await add_user(uow, person("ada@acme.example", "E1"))
        assert [user.email for user in await list_users(uow)] == ["ada@acme.example"]
        with pytest.raises(NotFound, match=re.escape("No one with the email 'gina@globex.example'")):
            await set_role(uow, "gina@globex.example", "admin")
        with pytest.raises(NotFound, match=re.escape("No one with the email 'gina@globex.example'")):
            await set_active(uow, "gina@globex.example", active=False)
        with pytest.raises(NotFound, match=re.escape("No one with the email 'gina@globex.example'")):
            await find_user(uow, "gina@globex.example")
    gina = (await people(db, globex))["gina@globex.example"]
    assert (gina.role, gina.is_active) == ("trainee", True)
