"""Creating and listing organizations: cross-tenant administration done as the owner, audited."""

import pytest
from sqlalchemy import select

from domain.errors import Conflict, InvalidInput
from domain.models import Organization
from domain.organizations.commands import CreateOrganization
from domain.organizations.organizations import create_organization, list_organizations
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.integration.organizations.support import Db, audit_rows, new_organization


async def create(db: Db, name: str, slug: str, settings: dict[str, str] | None = None) -> Organization:
    async with PostgresUnitOfWork(db, organization_id=None, as_owner=True) as uow:
        organization = await create_organization(uow, CreateOrganization(name=name, slug=slug, settings=settings or {}))
        await uow.commit()
    return organization


async def test_creating_an_organization_stores_it_with_its_settings_and_audits_it(db: Db) -> None:
    created = await create(db, " Acme Corporation ", "acme", {"timezone": "Europe/Berlin"})
    async with db() as session:
        stored = await session.scalar(select(Organization).where(Organization.slug == "acme"))
    assert stored is not None
    assert (stored.id, stored.name, stored.settings) == (created.id, "Acme Corporation", {"timezone": "Europe/Berlin"})
    [audit] = await audit_rows(db, "organization.created", entity_id=created.id)
    assert audit.organization_id == created.id
    assert audit.changes == {
        "before": None,
        "after": {"name": "Acme Corporation", "slug": "acme", "settings": {"timezone": "Europe/Berlin"}},
    }


async def test_a_taken_slug_is_a_friendly_conflict_and_creates_nothing(db: Db) -> None:
    await create(db, "Acme Corporation", "acme")
    with pytest.raises(Conflict, match="slug 'acme' already exists"):
        await create(db, "Acme Two", "acme")
    async with db() as session:
        assert await session.scalar(select(Organization.name).where(Organization.name == "Acme Two")) is None


async def test_a_taken_name_is_a_friendly_conflict(db: Db) -> None:
    await create(db, "Acme Corporation", "acme")
    with pytest.raises(Conflict, match="name 'Acme Corporation' or slug 'acme-2' is already taken"):
        await create(db, "Acme Corporation", "acme-2")


@pytest.mark.parametrize(("name", "slug"), [("Acme", "Acme Corp"), ("", "acme"), ("Acme", "acme_corp")])
async def test_a_bad_name_or_slug_is_refused(db: Db, name: str, slug: str) -> None:
    with pytest.raises(InvalidInput):
        await create(db, name, slug)
    async with db() as session:
        assert await session.scalar(select(Organization.id)) is None


async def test_organizations_are_listed_by_slug_with_their_head_count(db: Db) -> None:
    await new_organization(db, "globex")
    await new_organization(db, "acme")
    async with PostgresUnitOfWork(db, organization_id=None, as_owner=True) as uow:
        listed = await list_organizations(uow)
    assert [(org.slug, org.users, org.is_active) for org in listed] == [("acme", 0, True), ("globex", 0, True)]
