"""Loading the organization file: everything it describes, once, however often it is loaded."""

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from domain.errors import InvalidInput
from domain.models import AuditLog, Department, Organization, User
from domain.organizations.commands import Outcome
from domain.organizations.org_file import parse_organization_file
from domain.organizations.org_loader import load_organization
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.organizations.support import Db, people

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "organizations" / "acme.yaml"


async def counts(db: Db) -> tuple[int | None, ...]:
    async with db() as session:
        return tuple(
            [
                await session.scalar(select(func.count()).select_from(table))
                for table in (Organization, Department, User, AuditLog)
            ]
        )


async def test_the_sample_organization_loads_twice_without_duplicates(db: Db) -> None:
    plan = parse_organization_file(SAMPLE.read_text(encoding="utf-8"))
    first = await load_organization(PostgresUnitsOfWork(db), plan)
    assert (first.slug, first.organization, first.users.created) == ("acme", Outcome.CREATED, len(plan.users))
    assert first.departments == {Outcome.CREATED: len(plan.departments)}
    after_first = await counts(db)

    second = await load_organization(PostgresUnitsOfWork(db), plan)
    assert (second.organization, second.users.created, second.users.updated) == (Outcome.UNCHANGED, 0, 0)
    assert second.departments == {Outcome.UNCHANGED: len(plan.departments)}
    assert await counts(db) == after_first

    async with db() as session:
        org = await session.scalar(select(Organization).where(Organization.slug == "acme"))
        assert org is not None
        it = await session.scalar(
            select(Department).where(Department.organization_id == org.id, Department.code == "IT")
        )
        assert it is not None
    everyone = await people(db, org.id)
    irene = everyone["irene.instructor@acme.example"]
    assert (irene.role, irene.department_id, it.manager_id) == ("instructor", it.id, irene.id)
    assert everyone["ada.admin@acme.example"].role == "admin"


async def test_an_edited_file_updates_the_organization_in_place(db: Db) -> None:
    content = SAMPLE.read_text(encoding="utf-8")
    await load_organization(PostgresUnitsOfWork(db), parse_organization_file(content))
    edited = content.replace("name: Acme Corporation", "name: Acme Corp.").replace(
        "position: Support Engineer", "position: Senior Support Engineer"
    )
    report = await load_organization(PostgresUnitsOfWork(db), parse_organization_file(edited))
    assert (report.organization, report.users.updated) == (Outcome.UPDATED, 1)
    async with db() as session:
        assert await session.scalar(select(Organization.name).where(Organization.slug == "acme")) == "Acme Corp."
        tom = await session.scalar(select(User).where(User.email == "tom.trainee@acme.example"))
        assert tom is not None
        assert tom.position == "Senior Support Engineer"


async def test_a_person_in_an_unknown_department_loads_no_department_and_no_one(db: Db) -> None:
    content = SAMPLE.read_text(encoding="utf-8").replace("department: OPS", "department: LEGAL")
    expected = (
        "Organization acme was created, but no departments or people were loaded: "
        "users[8]: department 'LEGAL' does not exist in this organization"
    )
    with pytest.raises(InvalidInput, match=re.escape(expected)):
        await load_organization(PostgresUnitsOfWork(db), parse_organization_file(content))
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0
        assert await session.scalar(select(func.count()).select_from(Department)) == 0

    fixed = await load_organization(
        PostgresUnitsOfWork(db), parse_organization_file(SAMPLE.read_text(encoding="utf-8"))
    )
    assert (fixed.organization, fixed.users.created) == (Outcome.UNCHANGED, 9)
