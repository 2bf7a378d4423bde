"""How long importing an HR export of 5,000 people takes: first import, re-import, and an export with changes.

Run from the project root:  .venv/bin/python -m bench.import_users [ROWS]
It creates a throwaway database (on TEST_DATABASE_URL, the local server, or an embedded one), and drops it.
"""

import asyncio
import sys
import time
import uuid
from pathlib import Path

if not __package__:  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.database import create_engine, create_sessionmaker
from domain.models import AuditLog, User
from domain.organizations.commands import CreateOrganization, SaveDepartment
from domain.organizations.departments import save_department
from domain.organizations.organizations import create_organization
from domain.organizations.user_import import ImportResult, import_users
from domain.organizations.users_csv import parse_users_csv
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.support.databases import database_server, throwaway_database

DEPARTMENTS = ("IT", "HR", "SALES", "OPS", "FIN")
HEADER = "employee_id,email,first_name,last_name,department_code,role,phone,position\n"


def export(rows: int, *, changed_every: int = 0) -> str:
    """An HR export; with `changed_every` N, every Nth person has a new position."""
    lines = [HEADER]
    for n in range(rows):
        position = "Senior Analyst" if changed_every and n % changed_every == 0 else "Analyst"
        role = "instructor" if n % 50 == 0 else "trainee"
        department = DEPARTMENTS[n % len(DEPARTMENTS)]
        person = f"E{n:06d},person.{n}@bench.example,Person,Number {n}"
        lines.append(f"{person},{department},{role},+1 555 {n:06d},{position}\n")
    return "".join(lines)


async def organization(sessionmaker: async_sessionmaker[AsyncSession]) -> uuid.UUID:
    async with PostgresUnitOfWork(sessionmaker, organization_id=None, as_owner=True) as uow:
        org = await create_organization(uow, CreateOrganization(name="Bench Corp", slug="bench"))
        await uow.commit()
    async with PostgresUnitOfWork(sessionmaker, organization_id=org.id) as uow:
        for code in DEPARTMENTS:
            await save_department(uow, SaveDepartment(code=code, name=f"Department {code}"))
        await uow.commit()
    return org.id


async def timed_import(
    sessionmaker: async_sessionmaker[AsyncSession], org: uuid.UUID, content: str
) -> tuple[ImportResult, float]:
    """Parse and import in one transaction, as `learnbot user import` does; returns the result and seconds."""
    started = time.perf_counter()
    rows, invalid = parse_users_csv(content)
    async with PostgresUnitOfWork(sessionmaker, organization_id=org) as uow:
        result = await import_users(uow, rows, invalid=invalid)
        await uow.commit()
    return result, time.perf_counter() - started


async def main(rows: int) -> None:
    async with database_server() as server, throwaway_database(server) as url:
        engine = create_engine(url, pool_size=2)
        try:
            sessionmaker = create_sessionmaker(engine)
            org = await organization(sessionmaker)
            for label, content in (
                ("first import (creates)", export(rows)),
                ("same file again (unchanged)", export(rows)),
                ("every 10th person changed", export(rows, changed_every=10)),
            ):
                result, seconds = await timed_import(sessionmaker, org, content)
                print(
                    f"{label:<30} {seconds:6.2f} s  ({rows / seconds:8.0f} rows/s)  created {result.created}, "
                    f"updated {result.updated}, unchanged {result.unchanged}, errors {len(result.errors)}"
                )
            async with sessionmaker() as session:
                people = await session.scalar(select(func.count()).select_from(User))
                audits = await session.scalar(
                    select(func.count()).select_from(AuditLog).where(AuditLog.entity_type == "user")
                )
            print(f"{people} people, {audits} audit rows for people")
        finally:
            await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
