"""What the Telegram adapter is configured with (the composition root reads it from the environment)."""

import re
from dataclasses import dataclass

# What Telegram accepts as a webhook secret_token.
SECRET_FORMAT = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass(frozen=True)
class TelegramConfig:
    bot_token: str
    # The Bot API's base URL (PTB appends the token).
    api_url: str = "https://api.telegram.org/bot"
    # Set: Telegram posts updates to it (our webhook route); unset: long polling.
    webhook_url: str | None = None
    # Checked against X-Telegram-Bot-Api-Secret-Token; without one the webhook route refuses everything.
    webhook_secret: str | None = None

    def __post_init__(self) -> None:
        if self.webhook_secret is not None and not SECRET_FORMAT.fullmatch(self.webhook_secret):
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL")
