"""One console conversation: a typed line becomes an Incoming; a typed number presses the option shown."""

from dataclasses import replace

from adapters.chat import texts
from adapters.chat.codec import ActionCodec
from adapters.chat.incoming import ChatHandler, Incoming
from adapters.console.render import render
from domain.errors import DatabaseUnavailable
from domain.models.enums import ChatPlatform
from domain.replies import Reply


class ConsoleSession:
    def __init__(self, chat: ChatHandler, codec: ActionCodec, email: str) -> None:
        self.chat = chat
        self.codec = codec
        self.email = email.strip().lower()
        self.options: list[str] = []

    def incoming(self, line: str) -> Incoming:
        """The Incoming for a typed line: a shown option's number presses it, anything else is text."""
        typed = line.strip()
        base = Incoming(
            platform=ChatPlatform.CONSOLE, workspace_id="", platform_user_id=self.email, chat_id="", email=self.email
        )
        if typed.isdigit() and 1 <= int(typed) <= len(self.options):
            action = self.codec.encode(self.options[int(typed) - 1], for_user=self.email, limit=10_000)
            return replace(base, action=action)
        return replace(base, text=typed)

    async def say(self, line: str) -> str:
        """What LearnBot answers to one typed line, as text."""
        try:
            replies = await self.chat.handle(self.incoming(line))
        except DatabaseUnavailable:
            replies = [Reply(text=texts.DATABASE_UNAVAILABLE)]
        rendered = render(replies)
        self.options = rendered.options
        return rendered.text
