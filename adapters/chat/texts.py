"""What the conversation layer says itself (the engine's own words live in each domain area's texts.py)."""

from domain.actor import NOT_REGISTERED as NOT_REGISTERED_TEXT
from domain.errors import SOMETHING_WENT_WRONG as SOMETHING_WENT_WRONG_TEXT

NOT_REGISTERED = NOT_REGISTERED_TEXT
SOMETHING_WENT_WRONG = SOMETHING_WENT_WRONG_TEXT
DATABASE_UNAVAILABLE = "I can't reach my database right now, so nothing was done. Please try again in a moment."
DATABASE_UNAVAILABLE_LATER = "I can't reach my database right now. I'll do this as soon as it is back."
TOO_LONG = (
    "That message is too long for me ({length:,} characters; the limit is {limit:,}). Please send something shorter."
)
EMPTY = "I got an empty message. Type *help* to see what I can do."

INVITE_INVALID = (
    "That invite code is not valid any more: it may have expired or been used already. "
    "Please ask your administrator for a new invite."
)
WELCOME = "Welcome to LearnBot, {name}! Your {platform} account is now linked."
ALREADY_LINKED = "Your account is already linked to LearnBot. Type *help* to see what I can do."
NEW_DEVICE_LINKED = (
    "A {platform} account{account} was just linked to your LearnBot account. If that was not you, "
    "tell your administrator right away."
)
NEW_DEVICE_ACCOUNT = " ({name})"
WELCOME_NEXT = "Type *help* to see what I can do, or *courses* to browse the catalog."

NOT_UNDERSTOOD = "Sorry, I don't understand “{typed}”."
NO_SUCH_OPTION = "There is no option {typed} to pick right now."
DID_YOU_MEAN = " Did you mean *{word}*?"
SEE_HELP = " Type *help* to see what I can do."
HELP_BUTTON = "Help"
USAGE = "Usage: `{usage}`"
USAGE_EXAMPLE = "Usage: `{usage}`, e.g. `{example}`"

BUTTON_REFUSED = (
    "Sorry, I can't accept that button: it was not made for you or it is no longer valid. "
    "Type *help* to see what you can do."
)

BUTTON_EXPIRED = "This button has expired. Here is where you can go on from now:"

HELP_TITLE = "*What I can do*"
HELP_STAFF_TITLE = "*For instructors and admins*"
HELP_ADMIN_TITLE = "*For admins*"
HELP_FOOTER = "Commands work with or without a leading /, in any case."
HELP_BUTTON_COURSES = "Courses"
HELP_BUTTON_MY = "My learning"
HELP_BUTTON_CONTINUE = "Continue"

PLATFORM_NAMES = {"telegram": "Telegram", "slack": "Slack", "console": "console"}
