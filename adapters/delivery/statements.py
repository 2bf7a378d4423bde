"""The statements of one delivery's life, run in its organization's transactions (row-level security applies)."""

from sqlalchemy import text

LOAD = text("""
SELECT d.id, d.user_id, d.kind, d.status, d.replies, d.attempts, d.announcement_id,
       a.title, a.content, a.priority, a.is_pinned, a.withdrawn_at
FROM deliveries d
LEFT JOIN announcements a ON a.id = d.announcement_id
WHERE d.id = :id
FOR UPDATE OF d
""")

# Where the person is reached: the identity they chose (`notify via`), else the one they wrote from last,
# else the newest; never one marked unreachable, and only on platforms this worker can send to.
CHOOSE_IDENTITY = text("""
SELECT id, platform, workspace_id, platform_user_id, dm_chat_id
FROM chat_identities
WHERE user_id = :user_id AND unreachable_at IS NULL AND platform = ANY(CAST(:platforms AS text[]))
ORDER BY notify_here DESC, last_seen_at DESC NULLS LAST, created_at DESC
LIMIT 1
""")

# Per chat: the next free second (Telegram 1/s per chat, Slack 1/s per channel). clock_timestamp(), not now():
# the transaction's start time would hand two transactions the same slot.
CHAT_SLOT = text("""
UPDATE chat_identities
SET next_send_at = greatest(next_send_at, clock_timestamp()) + make_interval(secs => :interval)
WHERE id = :id
RETURNING greatest(next_send_at - make_interval(secs => :interval), clock_timestamp()) AS slot
""")

# Per platform, across every worker: the next free slot at the configured rate (migration 0012's function).
PLATFORM_SLOT = text("SELECT claim_delivery_slot(:bucket, :interval) AS slot")

# The attempt is recorded (and committed) before the platform is called: a worker that dies after this
# leaves `sending`, which the next run turns into `uncertain` instead of sending again.
MARK_SENDING = text("""
UPDATE deliveries
SET status = 'sending', attempts = attempts + 1, attempted_at = now(),
    chat_identity_id = :identity_id, platform = :platform
WHERE id = :id AND status = 'queued'
RETURNING id
""")

MARK_SENT = text("""
UPDATE deliveries SET status = 'sent', sent_at = now(), platform_message_ids = :message_ids, failure_reason = NULL
WHERE id = :id
""")

# Back to the queue (a 429, a failure without effect, an identity found unreachable): a new job will send it.
REQUEUE = text("UPDATE deliveries SET status = 'queued', failure_reason = :reason WHERE id = :id")

FINISH = text("""
UPDATE deliveries SET status = :status, failure_reason = :reason,
    platform_message_ids = platform_message_ids || CAST(:message_ids AS text[])
WHERE id = :id
""")

MARK_UNREACHABLE = text("""
UPDATE chat_identities SET unreachable_at = now(), unreachable_reason = :reason WHERE id = :id
""")

# A 429: nothing goes to this platform (or chat) before retry_after has passed, from any worker.
HOLD_PLATFORM = text("SELECT hold_delivery_slot(:bucket, :seconds)")
HOLD_CHAT = text("""
UPDATE chat_identities SET next_send_at = greatest(next_send_at, clock_timestamp() + make_interval(secs => :seconds))
WHERE id = :id
""")
