"""What the Slack adapter itself says (everything else comes from the engine's replies)."""

CHOSE = "You chose *{label}*"
DOCUMENT = ":page_facing_up: {link}"
REPLIED_IN_DM = "I've answered in our direct messages."
HOME_TITLE = "My courses and progress"
HOME_EMPTY = "Nothing here yet. Send me `help` in a direct message to get started."
HOME_FOOTER = "Type `/learn help` anywhere, or message me directly."
CONTINUED = "(continued)"
