"""Organizations (tenants): creating, updating from a file, listing. This is cross-tenant administration,
so these functions take a unit of work opened with `as_owner=True`.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from domain.errors import Conflict, InvalidInput
from domain.models import Organization, User
from domain.organizations import texts
from domain.organizations.commands import CreateOrganization, Outcome
from domain.organizations.validation import check_slug
from domain.unit_of_work import UnitOfWork

NAME_MAX = 255


@dataclass(frozen=True)
class OrganizationSummary:
    slug: str
    name: str
    is_active: bool
    users: int


def checked(command: CreateOrganization) -> tuple[str, str]:
    """The organization's name and slug, or InvalidInput saying what is wrong with them."""
    name = command.name.strip()
    if not name or len(name) > NAME_MAX:
        raise InvalidInput(texts.ORGANIZATION_NAME_INVALID.format(limit=NAME_MAX))
    slug = check_slug(command.slug)
    if slug is None:
        raise InvalidInput(texts.SLUG_INVALID.format(slug=command.slug))
    return name, slug


async def create_organization(uow: UnitOfWork, command: CreateOrganization) -> Organization:
    """A new organization; its slug and name must not be taken."""
    name, slug = checked(command)
    if await uow.session.scalar(select(Organization.id).where(Organization.slug == slug)) is not None:
        raise Conflict(texts.SLUG_TAKEN.format(slug=slug))
    organization = Organization(name=name, slug=slug, settings=command.settings)
    await store(uow, organization)
    uow.record(
        "organization.created",
        "organization",
        organization.id,
        after={"name": name, "slug": slug, "settings": command.settings},
        organization_id=organization.id,
    )
    return organization


async def save_organization(uow: UnitOfWork, command: CreateOrganization) -> tuple[Organization, Outcome]:
    """The organization with this slug, created or brought up to date with the name and settings given."""
    name, slug = checked(command)
    organization = await uow.session.scalar(select(Organization).where(Organization.slug == slug))
    if organization is None:
        return await create_organization(uow, command), Outcome.CREATED
    current: dict[str, Any] = {"name": organization.name, "settings": organization.settings or {}}
    wanted: dict[str, Any] = {"name": name, "settings": command.settings}
    changed = [key for key in wanted if wanted[key] != current[key]]
    if not changed:
        return organization, Outcome.UNCHANGED
    organization.name, organization.settings = name, command.settings
    await store(uow, organization)
    uow.record(
        "organization.updated",
        "organization",
        organization.id,
        before={key: current[key] for key in changed},
        after={key: wanted[key] for key in changed},
        organization_id=organization.id,
    )
    return organization, Outcome.UPDATED


async def store(uow: UnitOfWork, organization: Organization) -> None:
    """Flush, turning a name taken meanwhile (or by another organization) into a friendly conflict."""
    uow.session.add(organization)
    try:
        await uow.session.flush()
    except IntegrityError:
        raise Conflict(texts.ORGANIZATION_TAKEN.format(name=organization.name, slug=organization.slug)) from None


async def list_organizations(uow: UnitOfWork) -> list[OrganizationSummary]:
    people = select(func.count()).where(User.organization_id == Organization.id).scalar_subquery()
    rows = await uow.session.execute(
        select(Organization.slug, Organization.name, Organization.is_active, people).order_by(Organization.slug)
    )
    return [OrganizationSummary(slug, name, is_active is not False, count) for slug, name, is_active, count in rows]
