"""`learnbot user ...`: an organization's people, one by one or imported from an HR system's CSV export."""

import argparse
import asyncio
from typing import Any

from bot.commands.common import in_organization
from bot.commands.organizations import read_text
from bot.runtime import Database
from domain.organizations import texts
from domain.organizations.commands import AddUser, DeactivateUser, ReactivateUser, SetUserRole
from domain.organizations.operations import ImportUsers, ListUsers
from domain.organizations.users_csv import parse_users_csv


async def add(db: Database, args: argparse.Namespace) -> int:
    command = AddUser(
        employee_id=args.employee_id,
        email=args.email,
        first_name=args.first_name,
        last_name=args.last_name,
        department_code=args.department,
        role=args.role,
        phone=args.phone,
        position=args.position,
    )
    user = await in_organization(db, args.org, command)
    print(texts.USER_ADDED.format(name=user.full_name, email=user.email, role=user.role))
    return 0


async def import_csv(db: Database, args: argparse.Namespace) -> int:
    """Exit status 1 when any row had an error (the others are imported unless --strict)."""
    rows, invalid = parse_users_csv(await asyncio.to_thread(read_text, args.file))
    importing = ImportUsers(rows=tuple(rows), invalid=tuple(invalid), strict=args.strict)
    result = await in_organization(db, args.org, importing)
    if result.written:
        print(texts.IMPORT_SUMMARY.format(created=result.created, updated=result.updated, unchanged=result.unchanged))
    else:
        print(texts.IMPORT_REFUSED.format(count=len(result.errors)))
    if result.errors:
        print(texts.IMPORT_ERRORS.format(count=len(result.errors)))
        for error in result.errors:
            print(f"  {error}")
    return 1 if result.errors else 0


async def list_all(db: Database, args: argparse.Namespace) -> int:
    people = await in_organization(db, args.org, ListUsers())
    if not people:
        print(texts.NO_USERS)
    for person in people:
        state = "" if person.is_active else "  (deactivated)"
        department = person.department_code or "-"
        print(f"{person.email:<40} {person.name:<30} {person.role:<10} {department:<12} {person.employee_id}{state}")
    return 0


async def role(db: Database, args: argparse.Namespace) -> int:
    user, changed = await in_organization(db, args.org, SetUserRole(email=args.email, role=args.role))
    template = texts.ROLE_SET if changed else texts.ROLE_ALREADY
    print(template.format(name=user.full_name, email=user.email, role=user.role))
    return 0


async def deactivate(db: Database, args: argparse.Namespace) -> int:
    return await change_activity(db, args, active=False)


async def reactivate(db: Database, args: argparse.Namespace) -> int:
    return await change_activity(db, args, active=True)


async def change_activity(db: Database, args: argparse.Namespace, *, active: bool) -> int:
    change = ReactivateUser(email=args.email) if active else DeactivateUser(email=args.email)
    user, changed = await in_organization(db, args.org, change)
    if active:
        template = texts.REACTIVATED if changed else texts.ALREADY_ACTIVE
    else:
        template = texts.DEACTIVATED if changed else texts.ALREADY_DEACTIVATED
    print(template.format(name=user.full_name, email=user.email))
    return 0


def register(commands: Any) -> None:
    user = commands.add_parser("user", help="people of an organization").add_subparsers(metavar="ACTION", required=True)
    new = user.add_parser("add", help="add one person")
    new.add_argument("--org", required=True, metavar="SLUG")
    new.add_argument("--email", required=True)
    new.add_argument("--first-name", required=True)
    new.add_argument("--last-name", required=True)
    new.add_argument("--employee-id", required=True)
    new.add_argument("--department", metavar="CODE")
    new.add_argument("--role", help="admin, instructor or trainee (default trainee)")
    new.add_argument("--phone")
    new.add_argument("--position")
    new.set_defaults(handler=add)

    bulk = user.add_parser(
        "import",
        help="create or update people from a CSV file",
        description="Columns: employee_id, email, first_name, last_name (required), department_code, role, phone, "
        "position. People are matched by employee_id, then email; importing again updates them. "
        "Exits with status 1 when a row has an error.",
    )
    bulk.add_argument("file", metavar="FILE.csv")
    bulk.add_argument("--org", required=True, metavar="SLUG")
    bulk.add_argument("--strict", action="store_true", help="import nothing when any row has an error")
    bulk.set_defaults(handler=import_csv)

    listing = user.add_parser("list", help="list an organization's people")
    listing.add_argument("--org", required=True, metavar="SLUG")
    listing.set_defaults(handler=list_all)

    for name, handler, doing in (
        ("deactivate", deactivate, "deactivate a person: they can no longer act, their history stays"),
        ("reactivate", reactivate, "reactivate a deactivated person"),
    ):
        action = user.add_parser(name, help=doing)
        action.add_argument("email", metavar="EMAIL")
        action.add_argument("--org", required=True, metavar="SLUG")
        action.set_defaults(handler=handler)
    change = user.add_parser("role", help="set a person's role")
    change.add_argument("email", metavar="EMAIL")
    change.add_argument("role", metavar="ROLE", help="admin, instructor or trainee")
    change.add_argument("--org", required=True, metavar="SLUG")
    change.set_defaults(handler=role)
