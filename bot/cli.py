"""The `learnbot` command line: parse, load settings, open the database, run one command."""

import argparse
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot import event_loop
from bot.commands import Command, register_all
from bot.commands.serve import serve
from bot.errors import StartupError
from bot.runtime import open_database
from bot.settings import Settings
from domain.errors import DomainError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="learnbot",
        description="LearnBot: courses, quizzes and certificates in Slack, Telegram and the terminal.",
        epilog="With DATABASE_URL unset, an embedded PostgreSQL under ./.learnbot is used.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    parser.set_defaults(handler=serve)
    register_all(parser.add_subparsers(title="commands", metavar="COMMAND"))
    return parser


async def dispatch(settings: Settings, handler: Command, args: argparse.Namespace) -> int:
    async with open_database(settings) as db:
        return await handler(db, args)


def env_name(location: tuple[int | str, ...]) -> str:
    """The environment variable behind a settings field, for error messages."""
    path = [str(part).upper() for part in location]
    if path == ["DATABASE_URL"] or path[0] in {"TELEGRAM", "SLACK"}:
        return "_".join(path)
    return "LEARNBOT_" + "_".join(path)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{env_name(e['loc'])}: {e['msg']}" for e in exc.errors())
        print(f"learnbot: invalid configuration: {problems}", file=sys.stderr)
        return 2
    try:
        return event_loop.run(dispatch(settings, args.handler, args))
    except StartupError as exc:
        print(f"learnbot: {exc}", file=sys.stderr)
        return 1
    except DomainError as exc:
        print(f"learnbot: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
