"""What review nudges say to people."""

NUDGE_INTRO = "🔁 *Quick review* from *{title}*: you missed this one in the quiz. Do you know it now?"
QUESTION = "{intro}\n\n{question}"
TYPE_HINT = "_Type your answer._"
ANSWER_BUTTON = "Answer"
STOP_BUTTON = "Stop nudges"
# Every nudge says how to stop them (Reply.context: shown as plain text under the message).
STOP_HINT = "Review nudges come at most once a day. Type “nudges off” to stop them."
REVIEW_CONTEXT = "Review · {title}"

RIGHT = "✅ Right!"
NOT_QUITE = "❌ Not quite: the answer is *{answer}*."
NOT_QUITE_HIDDEN = "❌ Not quite."
NEXT_TIME = "It comes back around {when}."
ALREADY_ANSWERED = "You have answered this review question already; it comes back around {when}."
NOT_YOURS = "That review question is not yours."
NOT_FOUND = "That review question does not exist (any more)."
STOPPED = "That question is no longer reviewed: it was removed from its quiz."
QUESTION_GONE = "That question was removed from its quiz, so it will not come back."
OR = " or "
TRUE = "True"
FALSE = "False"

NOT_AN_OPTION = "“{typed}” is not one of the options. Pick one of the buttons, or type its number or words."
PICK_AN_OPTION = "Please choose one of the options shown."
TYPE_AN_ANSWER = "Please type an answer."
ANSWER_TOO_LONG = "That answer is too long: at most {max} characters, please."

NOTHING_DUE = "Nothing to review right now. The next question comes back around {when}."
NOTHING_AT_ALL = (
    "Nothing to review. When you pass a quiz, the questions you got wrong come back here now and then, "
    "until you know them."
)

NUDGES_OFF = "🔕 Review nudges are off: I will not send you questions to review. Type “nudges on” to have them back."
NUDGES_ON = (
    "🔔 Review nudges are on: questions you got wrong in a passed quiz come back now and then (at most one a day, "
    "never in quiet hours). Type “nudges off” to stop them."
)
ALREADY_OFF = "Review nudges were already off. Type “nudges on” to have them back."
ALREADY_ON = "Review nudges were already on. Type “nudges off” to stop them."
STATUS_ON = "🔔 Review nudges are on. {due} Type “nudges off” to stop them, or “review” to review one now."
STATUS_OFF = "🔕 Review nudges are off. {due} Type “nudges on” to have them back, or “review” to review one now."
CARDS_DUE = "{count} missed question{s} to review now."
CARDS_LATER = "The next missed question comes back around {when}."
NO_CARDS = "You have no missed questions to review."
TALLY = "Of the {missed} quiz question{s} you missed, you have since answered {later_right} right in review."
TURN_ON = "Turn on"
TURN_OFF = "Turn off"
REVIEW_NOW = "Review now"


def plural(count: int) -> str:
    return "" if count == 1 else "s"
