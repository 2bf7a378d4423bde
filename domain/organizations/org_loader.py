"""Loading an organization file: the organization as the owner, then its departments and people in its tenant.

Loading the same file again changes nothing. The organization is saved in its own transaction as the owner
(no tenant exists before it); departments and people follow in one tenant transaction, all or nothing. The
file is checked as a whole before anything is written, so what can still fail there needs the database
(an email another organization holds, a department neither in the file nor stored), and the error says
when the organization itself was saved.
"""

from collections import Counter
from dataclasses import dataclass

from domain.errors import DomainError, InvalidInput
from domain.organizations import texts
from domain.organizations.commands import Outcome
from domain.organizations.departments import save_department
from domain.organizations.org_file import OrganizationPlan
from domain.organizations.organizations import save_organization
from domain.organizations.user_import import ImportResult, import_users
from domain.unit_of_work import UnitOfWork, UnitsOfWork


@dataclass(frozen=True)
class LoadReport:
    slug: str
    organization: Outcome
    departments: Counter[Outcome]
    users: ImportResult


async def load_organization(units: UnitsOfWork, plan: OrganizationPlan) -> LoadReport:
    """Create or update the organization, its departments and its people as the file describes them."""
    async with units.open(organization_id=None, as_owner=True) as uow:
        organization, organization_outcome = await save_organization(uow, plan.organization)
        await uow.commit()
    try:
        async with units.open(organization_id=organization.id) as uow:
            departments = await save_departments_and_people(uow, plan)
            await uow.commit()
    except DomainError as error:
        if organization_outcome is Outcome.UNCHANGED:
            raise type(error)(texts.PEOPLE_NOT_LOADED.format(problems=error.message)) from None
        saved = texts.ONLY_ORGANIZATION_SAVED.format(
            slug=organization.slug, outcome=organization_outcome, problems=error.message
        )
        raise type(error)(saved) from None
    return LoadReport(organization.slug, organization_outcome, *departments)


async def save_departments_and_people(uow: UnitOfWork, plan: OrganizationPlan) -> tuple[Counter[Outcome], ImportResult]:
    """In the tenant: departments, people (all or none), then the departments' managers, who are people."""
    outcomes = {}
    for department in plan.departments:
        without_manager = department.model_copy(update={"manager_email": None})
        saved, outcomes[saved.code] = await save_department(uow, without_manager)
    users = await import_users(uow, plan.users, strict=True)
    if not users.written:
        raise InvalidInput("; ".join(str(error) for error in users.errors))
    for department in plan.departments:
        if department.manager_email:
            saved, outcome = await save_department(uow, department)
            if outcome is Outcome.UPDATED and outcomes[saved.code] is Outcome.UNCHANGED:
                outcomes[saved.code] = Outcome.UPDATED
    return Counter(outcomes.values()), users
