"""`learnbot org ...` and `learnbot department ...`: organizations, their departments, organization files."""

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from bot.commands.common import in_organization, operator
from bot.runtime import Database
from domain.errors import InvalidInput
from domain.organizations import texts
from domain.organizations.commands import CreateOrganization, SaveDepartment
from domain.organizations.operations import ListDepartments, ListOrganizations
from domain.organizations.org_file import parse_organization_file
from domain.organizations.org_loader import load_organization


def read_text(path: str) -> str:
    """A UTF-8 text file's content (a byte order mark is kept for the parser to drop)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(texts.FILE_NOT_UTF8.format(path=path)) from None
    except OSError as exc:
        raise InvalidInput(texts.FILE_UNREADABLE.format(path=path, problem=exc.strerror or exc)) from None


def settings_object(raw: str) -> dict[str, Any]:
    try:
        settings = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(texts.SETTINGS_NOT_AN_OBJECT.format(problem=exc.msg)) from None
    if not isinstance(settings, dict):
        raise InvalidInput(texts.SETTINGS_NOT_AN_OBJECT.format(problem=f"got {type(settings).__name__}"))
    return settings


async def create(db: Database, args: argparse.Namespace) -> int:
    command = CreateOrganization(name=args.name, slug=args.slug, settings=settings_object(args.settings))
    organization = await operator(db).handle_as_operator(None, command)
    print(texts.ORGANIZATION_CREATED.format(name=organization.name, slug=organization.slug))
    return 0


async def list_all(db: Database, args: argparse.Namespace) -> int:
    organizations = await operator(db).handle_as_operator(None, ListOrganizations())
    if not organizations:
        print(texts.NO_ORGANIZATIONS)
    for org in organizations:
        state = "" if org.is_active else "  (inactive)"
        print(f"{org.slug:<20} {org.name:<40} {org.users:>6} people{state}")
    return 0


async def load(db: Database, args: argparse.Namespace) -> int:
    content = await asyncio.to_thread(read_text, args.file)
    report = await load_organization(db.units, parse_organization_file(content))
    departments = ", ".join(f"{count} {outcome}" for outcome, count in sorted(report.departments.items())) or "none"
    people = texts.IMPORT_SUMMARY.format(
        created=report.users.created, updated=report.users.updated, unchanged=report.users.unchanged
    )
    summary = texts.LOADED.format(
        slug=report.slug, organization=report.organization, departments=departments, people=people
    )
    print(summary)
    return 0


async def add_department(db: Database, args: argparse.Namespace) -> int:
    command = SaveDepartment(code=args.code, name=args.name, description=args.description, manager_email=args.manager)
    department, outcome = await in_organization(db, args.org, command)
    print(texts.DEPARTMENT_SAVED.format(code=department.code, outcome=outcome))
    return 0


async def list_department(db: Database, args: argparse.Namespace) -> int:
    departments = await in_organization(db, args.org, ListDepartments())
    if not departments:
        print(texts.NO_DEPARTMENTS)
    for department in departments:
        manager = f"  manager {department.manager_email}" if department.manager_email else ""
        print(f"{department.code:<12} {department.name:<40} {department.people:>6} people{manager}")
    return 0


def register(commands: Any) -> None:
    org = commands.add_parser("org", help="organizations (tenants)").add_subparsers(metavar="ACTION", required=True)
    new = org.add_parser("create", help="create an organization")
    new.add_argument("--name", required=True)
    new.add_argument("--slug", required=True, help="URL-friendly id, e.g. acme-corp")
    new.add_argument("--settings", default="{}", metavar="JSON", help='e.g. \'{"timezone": "Europe/Berlin"}\'')
    new.set_defaults(handler=create)
    org.add_parser("list", help="list organizations").set_defaults(handler=list_all)
    loader = org.add_parser("load", help="create or update an organization, its departments and people from YAML")
    loader.add_argument("file", metavar="FILE")
    loader.set_defaults(handler=load)

    department = commands.add_parser("department", help="departments of an organization").add_subparsers(
        metavar="ACTION", required=True
    )
    add = department.add_parser("add", help="add a department, or update the one with this code")
    add.add_argument("--org", required=True, metavar="SLUG")
    add.add_argument("--code", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--description")
    add.add_argument("--manager", metavar="EMAIL")
    add.set_defaults(handler=add_department)
    listing = department.add_parser("list", help="list an organization's departments")
    listing.add_argument("--org", required=True, metavar="SLUG")
    listing.set_defaults(handler=list_department)
