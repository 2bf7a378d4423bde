"""What the Slack adapter is configured with (the composition root reads it from the environment)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str
    # Verifies request signatures on the events route; not needed in Socket Mode.
    signing_secret: str | None = None
    # An app-level token: set means Socket Mode instead of the events route.
    app_token: str | None = None
    api_url: str = "https://slack.com/api/"

    def __post_init__(self) -> None:
        if self.app_token is None and self.signing_secret is None:
            raise ValueError("SLACK_SIGNING_SECRET is required to receive Slack requests (or set SLACK_APP_TOKEN)")

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None
