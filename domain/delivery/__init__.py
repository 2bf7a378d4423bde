"""The delivery outbox: what is sent to people who did not just write, enqueued with the change that caused it."""
