"""The organization a tenant unit of work is bound to."""

import uuid

from domain.unit_of_work import UnitOfWork


def tenant_id(uow: UnitOfWork) -> uuid.UUID:
    """The tenant of `uow`; organization administration inside a tenant never runs as the owner."""
    if uow.organization_id is None or uow.as_owner:
        raise ValueError("this runs inside an organization's tenant transaction, not as the owner")
    return uow.organization_id
