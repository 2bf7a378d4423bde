"""Slack: slack-bolt AsyncApp on POST /slack/events (or Socket Mode), Block Kit rendering, DMs and App Home."""
