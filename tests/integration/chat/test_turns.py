"""One sender's flood of updates takes turns through the conversation entry; everyone else goes on meanwhile.

Not timed: a handler that waits on an event counts how many of each person's commands are in it at once."""

import asyncio
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.chat.codec import ActionCodec
from adapters.chat.grammar import Phrase, core_grammar
from adapters.chat.service import ChatService
from adapters.chat.turns import Turns
from domain.messagebus import Command, Context, Handler, MessageBus
from domain.replies import Reply
from infrastructure.unit_of_work import PostgresUnitsOfWork
from tests.integration.chat.conftest import People
from tests.integration.chat.helpers import console


class Hold(Command):
    number: int


class Holding:
    """The handler of `hold N`: notes who is inside, and stays until released."""

    def __init__(self) -> None:
        self.inside: Counter[str] = Counter()
        self.most_inside: Counter[str] = Counter()
        self.order: list[tuple[str, int]] = []
        self.release = asyncio.Event()
        self.entered = asyncio.Event()

    async def __call__(self, ctx: Context, command: Hold) -> list[Reply]:
        """Wait to be released."""
        who = str(ctx.actor.user_id)
        self.inside[who] += 1
        self.most_inside[who] = max(self.most_inside[who], self.inside[who])
        self.order.append((who, command.number))
        self.entered.set()
        try:
            await self.release.wait()
        finally:
            self.inside[who] -= 1
        return [Reply(text=f"held {command.number}")]


@pytest.fixture
def holding() -> Holding:
    return Holding()


@pytest.fixture
def chat(db: async_sessionmaker[AsyncSession], holding: Holding, tmp_path: Path) -> ChatService:
    grammar = core_grammar()
    grammar.add(Phrase(("hold",), Hold, lambda words: Hold(number=int(words.rest_after(0))), "hold N", "wait"))
    handlers: dict[type[Command], Handler] = {Hold: holding}
    bus = MessageBus(PostgresUnitsOfWork(db), handlers)
    return ChatService(bus, grammar, ActionCodec(b"0123456789abcdef0123456789abcdef"), Turns(per_sender=1))


async def test_a_flood_from_one_person_is_worked_one_at_a_time_in_order_while_another_person_goes_first(
    chat: ChatService, people: People, holding: Holding
) -> None:
    flooder, other = people.trainee, people.admin
    await chat.handle(console(flooder.email, "help"))  # linked before the flood
    await chat.handle(console(other.email, "help"))
    flood = [asyncio.create_task(chat.handle(console(flooder.email, f"hold {n}"))) for n in range(30)]
    await holding.entered.wait()
    for _ in range(20):
        await asyncio.sleep(0)
    assert chat.turns.waiting(("console", "", flooder.email)) == 30

    holding.entered.clear()
    others = asyncio.create_task(chat.handle(console(other.email, "hold 99")))
    await holding.entered.wait()
    # The other person got in while 29 of the flooder's commands still wait their turn.
    assert holding.inside == Counter({str(flooder.id): 1, str(other.id): 1})

    holding.release.set()
    replies = await asyncio.gather(*flood, others)
    assert [reply.text for (reply,) in replies] == [f"held {n}" for n in range(30)] + ["held 99"]
    assert holding.most_inside[str(flooder.id)] == 1
    assert [n for who, n in holding.order if who == str(flooder.id)] == list(range(30))
    assert chat.turns.waiting(("console", "", flooder.email)) == 0


async def test_turns_allow_as_many_at_once_as_configured() -> None:
    turns = Turns(per_sender=3)
    inside = 0
    most = 0
    release = asyncio.Event()

    async def one() -> None:
        nonlocal inside, most
        async with turns.of("ann"):
            inside += 1
            most = max(most, inside)
            await release.wait()
            inside -= 1

    tasks = [asyncio.create_task(one()) for _ in range(10)]
    for _ in range(20):
        await asyncio.sleep(0)
    assert (inside, turns.waiting("ann")) == (3, 10)
    release.set()
    await asyncio.gather(*tasks)
    assert most == 3
    assert turns.waiting("ann") == 0
