"""A certificate issued to a trainee who completed a certified course, and a client of the app that serves it."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.web import create_app
from domain.models import Certificate
from tests.integration.certificates.support import Certified, certificates, certified
from tests.integration.learning.world import Sessions

Client = TestClient[web.Request, web.Application]


@pytest.fixture
async def issued(db: Sessions, tmp_path: Path) -> tuple[Certified, Certificate]:
    c = await certified(db, tmp_path)
    await c.complete()
    [certificate] = await certificates(db)
    return c, certificate


@pytest.fixture
async def client(issued: tuple[Certified, Certificate]) -> AsyncIterator[Client]:
    async with TestClient(TestServer(create_app(issued[0].services))) as client:
        yield client
