"""Console conversations with the sample organization and course, read back as transcripts."""

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.console.session import ConsoleSession
from bot.bootstrap import Services, build_services
from bot.commands.demo import load_samples
from bot.runtime import Database
from bot.settings import Settings

TOM = "tom.trainee@acme.example"
IRENE = "irene.instructor@acme.example"
ADA = "ada.admin@acme.example"
# Courses, Enroll, Continue; then Done and Continue through module 1 (five items) and module 2's first three.
TO_THE_QUIZ = ["courses", "1", "1", *["1", "1"] * 8]
# Start the quiz and answer it: one wrong answer (question 2) and an essay that waits for a grade.
QUIZ_WITH_AN_ESSAY = ["1", "3", "1", "3", "a password manager", "An urgent invoice from a look-alike sender."]


@dataclass
class Console:
    """One person's console: each line typed and what came back, as a transcript."""

    session: ConsoleSession
    lines: list[str] = field(default_factory=list)

    async def say(self, *typed: str) -> str:
        """The answer to the last line (every line is kept in the transcript)."""
        answer = ""
        for line in typed:
            answer = await self.session.say(line)
            self.lines += [f"> {line}", answer, ""]
        return answer

    @property
    def transcript(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Sample:
    services: Services

    def console(self, email: str) -> Console:
        return Console(ConsoleSession(self.services.chat, self.services.codec, email))


async def sample(engine: AsyncEngine, db: async_sessionmaker[AsyncSession], data_dir: Path) -> Sample:
    await load_samples(Database(engine, db, embedded=False))
    return Sample(build_services(Settings(data_dir=data_dir), db))
