"""Importing an HR export: creates, updates on re-import without duplicates, reports bad rows, audits each person."""

import uuid

from sqlalchemy import func, select

from domain.models import AuditLog, Organization, User
from domain.organizations.commands import AddUser
from domain.organizations.people import add_user
from domain.organizations.user_import import ImportResult, import_users
from domain.organizations.users_csv import parse_users_csv
from tests.integration.organizations.support import HEADER, Db, audit_rows, new_organization, people, tenant
from tests.support import factories

EXPORT = (
    HEADER
    + "E1,tom.trainee@acme.example,Tom,Trainee,IT,trainee,+1 555 0101,Support Engineer\n"
    + "E2,irene.instructor@acme.example,Irene,Instructor,IT,instructor,,Security Trainer\n"
    + "E3,hana.hr@acme.example,Hana,Human,HR,,,\n"
)


async def run_import(db: Db, org: uuid.UUID, content: str, *, strict: bool = False) -> ImportResult:
    rows, invalid = parse_users_csv(content)
    async with tenant(db, org) as uow:
        result = await import_users(uow, rows, invalid=invalid, strict=strict)
        if result.written:
            await uow.commit()
    return result


async def test_an_export_creates_everyone_with_one_audit_row_each(db: Db) -> None:
    org = await new_organization(db, "acme", "IT", "HR")
    result = await run_import(db, org, EXPORT)
    assert (result.created, result.updated, result.unchanged, result.errors) == (3, 0, 0, [])
    everyone = await people(db, org)
    assert sorted(everyone) == ["hana.hr@acme.example", "irene.instructor@acme.example", "tom.trainee@acme.example"]
    irene = everyone["irene.instructor@acme.example"]
    assert (irene.role, irene.username, irene.password_hash, irene.position) == (
        "instructor",
        "irene.instructor",
        "!",
        "Security Trainer",
    )
    assert everyone["hana.hr@acme.example"].role == "trainee"
    created = await audit_rows(db, "user.created", organization_id=org)
    assert sorted(row.entity_id for row in created if row.entity_id) == sorted(user.id for user in everyone.values())
    assert all(row.entity_type == "user" and row.changes and row.changes["after"]["email"] for row in created)


async def test_importing_the_same_file_again_changes_nothing(db: Db) -> None:
    org = await new_organization(db, "acme", "IT", "HR")
    await run_import(db, org, EXPORT)
    before = {email: (user.id, user.updated_at) for email, user in (await people(db, org)).items()}
    again = await run_import(db, org, EXPORT)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert {email: (user.id, user.updated_at) for email, user in (await people(db, org)).items()} == before
    assert await audit_rows(db, "user.updated") == []


async def test_a_changed_export_updates_people_in_place_and_audits_what_changed(db: Db) -> None:
    org = await new_organization(db, "acme", "IT", "HR")
    await run_import(db, org, EXPORT)
    tom = (await people(db, org))["tom.trainee@acme.example"]
    changed = (
        HEADER
        + "E1,thomas.trainee@acme.example,Thomas,Trainee,HR,,,\n"  # same employee, new email and department
        + "E2-NEW,irene.instructor@acme.example,Irene,Instructor,IT,instructor,,Security Trainer\n"  # new id
        + "E3,hana.hr@acme.example,Hana,Human,HR,,,\n"
    )
    result = await run_import(db, org, changed)
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 2, 1, [])
    everyone = await people(db, org)
    assert len(everyone) == 3
    thomas = everyone["thomas.trainee@acme.example"]
    assert (thomas.id, thomas.first_name, thomas.position, thomas.phone) == (
        tom.id,
        "Thomas",
        "Support Engineer",
        "+1 555 0101",
    )
    assert everyone["irene.instructor@acme.example"].employee_id == "E2-NEW"
    [audit] = await audit_rows(db, "user.updated", entity_id=tom.id)
    assert audit.changes is not None
    assert audit.changes["before"]["email"] == "tom.trainee@acme.example"
    assert audit.changes["after"]["email"] == "thomas.trainee@acme.example"
    assert set(audit.changes["after"]) == {"email", "first_name", "department_id"}


async def test_rows_with_errors_are_reported_by_line_and_the_rest_are_imported(db: Db) -> None:
    org = await new_organization(db, "acme", "IT", "HR")
    content = (
        HEADER
        + "E1,tom.trainee@acme.example,Tom,Trainee,IT,,,\n"
        + "E2,x,Irene,Instructor,IT,,,\n"
        + "E3,hana.hr@acme.example,Hana,Human,MARKETING,,,\n"
        + "E4,hugo@acme.example,Hugo,Hiring,HR,boss,,\n"
        + "E1,tom.again@acme.example,Tom,Again,IT,,,\n"
        + "E6,tom.trainee@acme.example,Tim,Twin,IT,,,\n"
        + "E7,,Sam,Seller,,,,\n"
        + "E8,sara@acme.example,Sara,Sales,,,,\n"
    )
    result = await run_import(db, org, content)
    assert [str(error) for error in result.errors] == [
        "line 3: email 'x' is not a valid address",
        "line 4: department 'MARKETING' does not exist in this organization",
        "line 5: role 'boss' is unknown (use admin, instructor or trainee)",
        "line 6: employee_id 'E1' is already used at line 2",
        "line 7: email 'tom.trainee@acme.example' is already used at line 2",
        "line 8: email is missing",
    ]
    assert (result.created, result.updated) == (2, 0)
    assert sorted(await people(db, org)) == ["sara@acme.example", "tom.trainee@acme.example"]


async def test_strict_mode_writes_nothing_when_any_row_has_an_error(db: Db) -> None:
    org = await new_organization(db, "acme", "IT", "HR")
    result = await run_import(db, org, EXPORT + "E4,not-an-email,Bad,Row,,,,\n", strict=True)
    assert not result.written
    assert [str(error) for error in result.errors] == ["line 5: email 'not-an-email' is not a valid address"]
    assert await people(db, org) == {}
    assert await audit_rows(db, "user.created") == []


async def test_strict_mode_imports_a_clean_file(db: Db) -> None:
    org = await new_organization(db, "acme", "IT", "HR")
    result = await run_import(db, org, EXPORT, strict=True)
    assert (result.written, result.created) == (True, 3)


async def test_an_email_another_organization_holds_is_reported_and_the_rest_imported(db: Db) -> None:
    globex = await new_organization(db, "globex")
    async with tenant(db, globex) as uow:
        await add_user(uow, AddUser(employee_id="G1", email="hana.hr@acme.example", first_name="H", last_name="G"))
        await add_user(uow, AddUser(employee_id="G2", email="taken@acme.example", first_name="T", last_name="G"))
        await uow.commit()
    acme = await new_organization(db, "acme", "IT", "HR")
    await run_import(db, acme, EXPORT.replace("hana.hr@", "hana@"))
    moved = HEADER + "E1,taken@acme.example,Tom,Trainee,IT,,,\n" + "E2,irene@acme.example,Irene,Instructor,IT,,,\n"
    result = await run_import(db, acme, moved + "E4,hana.hr@acme.example,Hana,Human,HR,,,\n")
    assert [str(error) for error in result.errors] == [
        "line 2: email 'taken@acme.example' is already registered with another organization",
        "line 4: email 'hana.hr@acme.example' is already registered with another organization",
    ]
    assert result.updated == 1
    assert sorted(await people(db, acme)) == ["hana@acme.example", "irene@acme.example", "tom.trainee@acme.example"]
    assert sorted(await people(db, globex)) == ["hana.hr@acme.example", "taken@acme.example"]


async def test_importing_never_touches_another_organizations_people(db: Db) -> None:
    globex = await new_organization(db, "globex", "IT", "HR")
    await run_import(db, globex, EXPORT.replace("@acme.example", "@globex.example"))
    acme = await new_organization(db, "acme", "IT", "HR")
    result = await run_import(db, acme, EXPORT)
    # Same employee ids as globex's people: new people in acme, not updates of globex's.
    assert (result.created, result.updated) == (3, 0)
    async with db() as session:
        count = await session.scalar(select(func.count()).select_from(User).where(User.organization_id == globex))
        audits = await session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.organization_id == acme)
        )
    assert count == 3
    assert audits == 1 + 2 + 3  # organization, two departments, three people


async def test_an_address_stored_in_mixed_case_by_older_data_is_matched_not_duplicated(db: Db) -> None:
    org = await new_organization(db, "acme", "IT", "HR")
    async with db() as session, session.begin():
        organization = await session.get(Organization, org)
        assert organization is not None
        await factories.user(session, organization, employee_id="OLD-1", email="Tom.Trainee@ACME.example")
    result = await run_import(db, org, EXPORT)
    assert (result.created, result.updated) == (2, 1)
    tom = (await people(db, org))["tom.trainee@acme.example"]
    assert tom.employee_id == "E1"
