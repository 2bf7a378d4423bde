"""Fixtures for the conversation layer: the real services on the test database, and people to talk as."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import Services, build_services
from bot.settings import Settings
from domain.models import Organization, User
from tests.support import factories


@pytest.fixture
def services(db: async_sessionmaker[AsyncSession], tmp_path: Path) -> Services:
    return build_services(Settings(data_dir=tmp_path), db)


@dataclass(frozen=True)
class People:
    org: Organization
    admin: User
    trainee: User


@pytest.fixture
async def people(db: async_sessionmaker[AsyncSession]) -> People:
    async with db() as session:
        org = await factories.organization(session)
        admin = await factories.user(session, org, "admin", first_name="Ada")
        trainee = await factories.user(session, org, "trainee", first_name="Tom", phone="+49 (170) 123-4567")
        await session.commit()
    return People(org, admin, trainee)
