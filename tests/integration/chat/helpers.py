"""Incoming messages as each platform's adapter makes them."""

from adapters.chat.incoming import Incoming
from domain.models.enums import ChatPlatform


def telegram(
    user: str = "1001", text: str | None = None, *, contact_phone: str | None = None, key: str | None = None
) -> Incoming:
    return Incoming(
        platform=ChatPlatform.TELEGRAM,
        workspace_id="",
        platform_user_id=user,
        chat_id=user,
        update_key=key,
        text=text,
        contact_phone=contact_phone,
    )


def slack(user: str, team: str, text: str, email: str | None, key: str | None = None) -> Incoming:
    return Incoming(
        platform=ChatPlatform.SLACK,
        workspace_id=team,
        platform_user_id=user,
        chat_id="D" + user,
        update_key=key,
        text=text,
        email=email,
    )


def console(email: str, text: str | None = None, *, action: str | None = None) -> Incoming:
    return Incoming(
        platform=ChatPlatform.CONSOLE,
        workspace_id="",
        platform_user_id=email,
        chat_id="",
        text=text,
        action=action,
        email=email,
    )
