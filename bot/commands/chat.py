"""`learnbot chat --as EMAIL`: the console adapter. A line in, the replies out; stdin may be a script."""

import argparse
import asyncio
import sys
from typing import Any

from adapters.chat import texts
from adapters.chat.incoming import Incoming
from adapters.console.session import ConsoleSession
from bot import migrate
from bot.bootstrap import build_services
from bot.runtime import Database
from bot.settings import get_settings
from domain.models.enums import ChatPlatform

BANNER = (
    "LearnBot console: you are {email}. Type help to see what you can do, a number to pick an option, Ctrl-D to leave."
)


async def read_line(interactive: bool) -> str | None:
    """The next line typed (None at end of input); prompts only on a terminal."""
    if interactive:
        try:
            return await asyncio.to_thread(input, "> ")
        except EOFError:
            return None
    line = await asyncio.to_thread(sys.stdin.readline)
    return line if line else None


async def converse(db: Database, email: str, interactive: bool) -> int:
    await migrate.upgrade(db.engine)
    services = build_services(get_settings(), db.sessionmaker)
    session = ConsoleSession(services.chat, services.codec, email)
    who = Incoming(
        platform=ChatPlatform.CONSOLE, workspace_id="", platform_user_id=session.email, chat_id="", email=session.email
    )
    if (await services.chat.identities.resolve(who)).sender is None:
        print(texts.NOT_REGISTERED, file=sys.stderr)
        return 1
    if interactive:
        print(BANNER.format(email=session.email))
        print(await session.say("help"), end="\n\n")
    while (line := await read_line(interactive)) is not None:
        if not line.strip():
            continue
        print(await session.say(line), end="\n\n", flush=True)
    return 0


async def chat(db: Database, args: argparse.Namespace) -> int:
    return await converse(db, args.email, sys.stdin.isatty())


def register(commands: Any) -> None:
    console = commands.add_parser("chat", help="talk to LearnBot in the terminal as a person of an organization")
    console.add_argument("--as", dest="email", required=True, metavar="EMAIL", help="the person's email")
    console.set_defaults(handler=chat)
