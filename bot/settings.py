"""Configuration from environment variables (pydantic-settings); secrets stay SecretStr."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class TelegramSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TELEGRAM_", extra="ignore", env_ignore_empty=True)

    bot_token: SecretStr | None = None
    webhook_secret: SecretStr | None = None
    webhook_url: str | None = None
    api_url: str = "https://api.telegram.org/bot"


class SlackSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SLACK_", extra="ignore", env_ignore_empty=True)

    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    app_token: SecretStr | None = None
    api_url: str = "https://slack.com/api/"


class DeliverySettings(BaseSettings):
    """The delivery workers: platform limits (shared by every worker through PostgreSQL) and retries."""

    model_config = SettingsConfigDict(env_prefix="LEARNBOT_DELIVERY_", extra="ignore", env_ignore_empty=True)

    # Telegram: about 30 messages/s across chats, 1/s in one chat. Slack: about 1/s per channel.
    telegram_per_second: float = Field(default=30.0, gt=0)
    telegram_chat_interval: float = Field(default=1.0, ge=0)
    slack_per_second: float = Field(default=20.0, gt=0)
    slack_channel_interval: float = Field(default=1.0, ge=0)
    # Jobs one worker runs at once (most of them wait for their rate slot).
    concurrency: int = Field(default=80, ge=2)
    # A worker that stops beating for this long (killed, frozen) has its jobs taken over by another.
    heartbeat_timeout: float = Field(default=30.0, gt=0)
    # A send that failed without effect (5xx, connection refused) is tried this many times, backing off.
    max_attempts: int = Field(default=5, ge=1)
    backoff_seconds: float = Field(default=2.0, ge=0)
    # `learnbot serve` runs a worker too unless this is false (then run `learnbot worker` on its own).
    in_serve: bool = True


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEARNBOT_", extra="ignore", env_ignore_empty=True)

    # DATABASE_URL is the conventional, unprefixed name; unset means the embedded server.
    database_url: SecretStr | None = Field(default=None, validation_alias="DATABASE_URL")
    # Replaces the URL's password when set; no URL escaping needed.
    database_password: SecretStr | None = Field(default=None, validation_alias="DATABASE_PASSWORD")
    db_pool_size: int = Field(default=5, ge=1, le=200)
    data_dir: Path = Path(".learnbot")
    # Signs chat buttons; every instance must share it. Unset: a key generated once under data_dir.
    secret_key: SecretStr | None = None
    public_url: str | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    log_level: str = "INFO"
    # Where certificate PDFs are kept; unset: data_dir/certificates.
    certificate_dir: Path | None = None
    # Days before a certificate expires that its holder is reminded (a JSON list, e.g. [30, 7]); an
    # organization's settings.certificate_reminder_days overrides it.
    certificate_reminder_days: list[int] = Field(default=[30, 7])
    # A remote logo is fetched for the certificate PDF only from public addresses; true also allows loopback and
    # private ones (tests, a logo on an intranet server).
    certificate_logo_private_addresses: bool = False

    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)

    @property
    def public_base_url(self) -> str:
        """LEARNBOT_PUBLIC_URL, or the web app's own address when it is unset (links that work locally)."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def certificate_pdf_dir(self) -> Path:
        return self.certificate_dir or self.data_dir / "certificates"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
