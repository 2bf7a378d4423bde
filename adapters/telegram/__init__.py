"""The Telegram adapter: updates from the webhook or long polling in, rendered replies out (python-telegram-bot)."""
