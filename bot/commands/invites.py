"""`learnbot invite --org SLUG --email EMAIL`: a one-time Telegram link that connects a person's account."""

import argparse
import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.error import TelegramError

from bot.commands.common import in_organization
from bot.runtime import Database
from bot.settings import Settings, get_settings
from domain.organizations.operations import InvitePerson

log = logging.getLogger(__name__)

DEFAULT_DAYS = 7
# 12 random bytes: 16 URL-safe characters, as Telegram's start parameter allows ([A-Za-z0-9_-], <= 64).
CODE_BYTES = 12

MADE = "Invite for {name} ({email}), valid until {until:%Y-%m-%d %H:%M} UTC, usable once:"
LINK = "  {link}"
NO_LINK = (
    "  code {code}: in Telegram they open the bot and send  /start {code}\n"
    "  (set TELEGRAM_BOT_TOKEN to get a t.me link instead)"
)


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


async def bot_username(settings: Settings) -> str | None:
    """The bot's @username from getMe, or None without a token or when Telegram does not answer."""
    token = settings.telegram.bot_token
    if token is None:
        return None
    try:
        async with Bot(token.get_secret_value(), base_url=settings.telegram.api_url) as bot:
            return bot.username
    except TelegramError as error:
        log.warning("getMe failed: %s", error)
        return None


async def invite(db: Database, args: argparse.Namespace) -> int:
    until = datetime.now(UTC) + timedelta(days=args.days)
    code = new_code()
    user = await in_organization(db, args.org, InvitePerson(email=args.email, code=code, expires_at=until))
    print(MADE.format(name=user.full_name, email=user.email, until=until))
    username = await bot_username(get_settings())
    print(LINK.format(link=f"https://t.me/{username}?start={code}") if username else NO_LINK.format(code=code))
    return 0


def register(commands: Any) -> None:
    maker = commands.add_parser("invite", help="make a one-time Telegram link that connects a person's account")
    maker.add_argument("--org", required=True, metavar="SLUG")
    maker.add_argument("--email", required=True, help="the person's email")
    maker.add_argument(
        "--days", type=int, default=DEFAULT_DAYS, choices=range(1, 91), metavar="N", help="valid for N days (default 7)"
    )
    maker.set_defaults(handler=invite)
