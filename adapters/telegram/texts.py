"""What the Telegram adapter itself says (everything else comes from the conversation layer)."""

# Under a question once its choice is pressed; {choice} is HTML-escaped.
ANSWERED = "<i>Your answer: {choice}</i>"
