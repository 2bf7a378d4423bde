"""Organizations, departments and people: administration from the command line and by admins in chat."""

from domain.organizations.handlers import HANDLERS

__all__ = ["HANDLERS"]
