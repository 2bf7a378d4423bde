"""A certified course, the real services wired as `learnbot serve` wires them, and ways to complete it."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from bot.bootstrap import Services, build_services
from bot.settings import Settings
from domain.learning import CompleteItem, Enroll
from domain.models import Certificate
from domain.replies import Reply
from tests.integration.learning.world import Sessions, World, world

PUBLIC_URL = "https://learn.example"


@dataclass
class Certified:
    w: World
    services: Services

    async def enroll(self) -> None:
        await self.services.bus.handle(self.w.trainee.id, self.w.org.id, Enroll(course_code=self.w.course.course_code))

    async def done(self, module: int, order: int) -> list[Reply]:
        command = CompleteItem(content_id=self.w.item(module, order).id)
        return await self.services.bus.handle(self.w.trainee.id, self.w.org.id, command)

    async def complete(self) -> list[Reply]:
        """Enroll the trainee and mark every item done; the replies to the last "done"."""
        await self.enroll()
        replies: list[Reply] = []
        for module, items in enumerate(self.w.items, start=1):
            for order in range(1, len(items) + 1):
                replies = await self.done(module, order)
        return replies


async def certified(
    db: Sessions, tmp_path: Path, *, layout: tuple[int, ...] = (2,), public_url: str = PUBLIC_URL, **course: Any
) -> Certified:
    w = await world(db, layout=layout, course_fields={"is_certified": True, **course})
    settings = Settings(data_dir=tmp_path, public_url=public_url, secret_key="certificate-test-secret")
    return Certified(w, build_services(settings, db))


async def certificates(db: Sessions) -> list[Certificate]:
    async with db() as session:
        return list(await session.scalars(select(Certificate).order_by(Certificate.issued_at)))


async def owner_rows(db: Sessions, sql: str, **params: Any) -> list[Any]:
    async with db() as session, session.begin():
        result = await session.execute(text(sql), params)
        return list(result.all()) if result.returns_rows else []  # type: ignore[attr-defined]
