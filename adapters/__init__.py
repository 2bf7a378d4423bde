"""Chat platforms (Telegram, Slack, console) and the conversation layer they share."""
