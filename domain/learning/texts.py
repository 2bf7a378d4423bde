"""Every user-facing string of the learning engine."""

from datetime import UTC, datetime
from decimal import Decimal

# Buttons
ENROLL = "Enroll in {code}"
CONTINUE = "Continue"
CONTINUE_COURSE = "Continue {code}"
RESUME = "Resume {code}"
DONE = "Done ✓"
SKIP = "Skip"
START_QUIZ = "Start the quiz"
BROWSE = "Browse courses"
MY_LEARNING = "My learning"

# Catalog
CATALOG_TITLE = "*Courses you can take*"
CATALOG_TITLE_TAGGED = "*Courses tagged {tag}*"
CATALOG_EMPTY = "There are no courses open to you right now."
CATALOG_EMPTY_TAGGED = "No course open to you is tagged *{tag}*."
CATALOG_MORE = "…and {count} more. Narrow the list with a tag, e.g. *courses security*."
CATALOG_LINE = "- *{title}* (`{code}`) · {details}"
BY_INSTRUCTOR = "by {name}"
HOURS = "{hours} h"
PREREQUISITES_MET = "prerequisites met"
PREREQUISITES_MISSING = "first complete: {titles}"
RECOMMENDED_FIRST = "recommended first: {titles}"
STATUS_WORDS = {"enrolled": "enrolled", "in_progress": "in progress", "completed": "done", "dropped": "dropped"}
# The person's own status, said in the catalog.
YOUR_STATUS = {
    "enrolled": "you are enrolled",
    "in_progress": "you are taking it",
    "completed": "you completed it",
    "dropped": "you left it",
}

# Enrolling and dropping
NO_SUCH_COURSE = "I can't find a course with the code *{code}*. Type *courses* to see the courses open to you."
NOT_PUBLISHED = "*{title}* is not open for enrollment right now."
MISSING_PREREQUISITES = "Before *{title}* please complete: {titles}."
COURSE_FULL = "Sorry, *{title}* is full: all {seats} places are taken."
ENROLLED = "You are enrolled in *{title}*. Say *continue {code}* whenever you are ready."
OPTIONAL_PREREQUISITES = "Tip: it helps to take {titles} first."
ALREADY_ENROLLED = "You are already enrolled in *{title}*."
ALREADY_COMPLETED_COURSE = "You have already completed *{title}*."
RESUMED = "Welcome back to *{title}*: your progress ({percentage}) is kept."
NOT_ENROLLED = "You are not enrolled in *{title}*."
DROPPED = "You left *{title}*. Your progress is kept: enroll again to pick up where you left off."
ALREADY_DROPPED = "You already left *{title}*."
CANNOT_DROP_COMPLETED = "You have completed *{title}*; there is nothing to leave."
CANNOT_DROP_ASSIGNED = "*{title}* was assigned to you, so it can't be dropped. Please ask your instructor or admin."

# Assigning
ASSIGN_ONE_AUDIENCE = "Assign a course either to one person (by email) or to one department (by code)."
ASSIGN_COURSES = "assign courses"
NOT_YOUR_COURSE = "You can only assign your own courses; *{title}* is taught by someone else."
NO_SUCH_PERSON = "I can't find an active person with the email *{email}* in your organization."
NO_SUCH_DEPARTMENT = "I can't find a department with the code *{code}* in your organization."
DUE_DATE_PASSED = "The due date {due} has already passed. Please pick a later date."
NOT_ENOUGH_SEATS = "*{title}* has {free} free places left, but {needed} people would need one."
ASSIGNED_PERSON = "{name} is now enrolled in *{title}*{due}."
ASSIGNED_PERSON_ALREADY = "{name} was already enrolled in *{title}*; nothing changed."
ASSIGNED_DEPARTMENT = "Assigned *{title}* to {department}{due}: {added} newly enrolled, {already} already enrolled."
DUE_SUFFIX = ", due {due}"

# Continue
NOTHING_IN_PROGRESS = "You have no course in progress. Browse the catalog to find one."
NOT_ENROLLED_CONTINUE = "You are not enrolled in *{code}*."
DROPPED_CONTINUE = "You left *{title}*. Enroll again to pick up where you left off."
COURSE_DONE = "You have completed *{title}*. Well done!"
NOTHING_TO_OPEN = "There is nothing more to open in *{title}* right now."
AWAITING_ASSESSMENTS = "You have finished every module of *{title}*; pass its assessments to complete the course."
OPTIONAL = "_optional_"


def heading(title: str, required: bool) -> str:
    """An item's or a step's title, marked optional unless its title already says so."""
    marked = not required and "optional" not in title.casefold()
    return f"*{title}*" + (f" {OPTIONAL}" if marked else "")


def score(value: Decimal | float | None) -> str:
    """A score as a percentage with its decimals: 83.33%."""
    return "n/a" if value is None else f"{Decimal(str(value)).normalize():f}%"


CONTEXT = "{code} · Module {module}/{modules} · Item {item}/{items} · {percentage} done"
VIDEO_LINK = "Watch the video"
VIDEO_LENGTH = " ({minutes} min)"
OPEN_LINK = "Open the link"
QUIZ_INTRO = "This is a quiz."
QUIZ_INTRO_NAMED = "This is the quiz *{title}*."
QUIZ_QUESTIONS = "{count} questions"
QUIZ_PASSING = "pass with {score}%"
QUIZ_ATTEMPTS = "{count} attempts"
QUIZ_TIME = "{minutes} minutes"
QUIZ_PASSED = "You passed this quiz. Your score: {score}. Mark it done to move on."
QUIZ_PASSED_ = "You passed this quiz. Mark it done to move on."
QUIZ_UNDER_WAY = "You have an attempt under way: resume it to carry on where you left off."
QUIZ_WAITING = (
    "Your attempt is waiting for an instructor to grade its essay answers; you will get your score then, "
    "and this course moves on once you pass."
)
QUIZ_NOT_PASSED = "Not passed yet: your best score is {score}. Attempts left: {left}."
QUIZ_NO_ATTEMPTS_LEFT = "Not passed: your best score is {score} and no attempts are left. Please ask your instructor."
UNLIMITED = "unlimited"
RESUME_QUIZ = "Resume the quiz"
RETRY_QUIZ = "Try the quiz again"
QUIZ_MISSING = "The quiz for this item is not available yet. Please tell your instructor."

# Unlock conditions
MODULE_LOCKED = "The next module, *{title}*, opens {reasons}."
UNLOCK_AFTER_MODULE = "after you complete *{title}*"
UNLOCK_AFTER_ASSESSMENT = "after you pass *{title}*"
UNLOCK_ON = "on {when}"
UNLOCK_LATER = "later"
AND = " and "

# Done
NO_SUCH_ITEM = "I can't find that item in your courses."
NOTHING_OPEN = "You have no item open right now. Say *continue* to open the next one."
DROPPED_DONE = "You left *{title}*. Enroll again to continue it."
ITEM_LOCKED = "*{item}* is in a module that is still locked: it opens {reasons}."
PASS_QUIZ_FIRST = "*{item}* is done when you pass its quiz."
ALREADY_DONE = "*{item}* is already done."
ITEM_DONE = "Done: *{item}*."
MODULES_DONE = "Module complete: *{titles}*."
PROGRESS = "Progress in *{title}*: {percentage}."
COURSE_COMPLETED = "You have completed *{title}*. Congratulations!"

# Steps: a course's assessments and assignments on the path
TAKE_QUIZ = "Take the quiz: {title}"
SUBMIT_ASSIGNMENT = "Submit the assignment: {title}"
WAIT_FOR_GRADING = "Wait for grading: {title}"
WHERE_IT_STANDS = "Where it stands: {title}"
STEP_AFTER_MODULE = "To finish *{module}*."
STEP_FINAL = "To finish the course."
ASSIGNMENT_INTRO = "This is an assignment: hand in your work to have it graded."
ASSIGNMENT_FACTS = "max score {max}"
ASSIGNMENT_DUE = "due {due}"
STEP_STATES = {
    ("quiz", "todo"): "take the quiz",
    ("quiz", "retry"): "not passed yet: try again",
    ("quiz", "open"): "you have an attempt open",
    ("quiz", "grading"): "waiting for grading",
    ("quiz", "failed"): "no attempts left: ask your instructor",
    ("assignment", "todo"): "submit the assignment",
    ("assignment", "returned"): "returned for rework: hand it in again",
    ("assignment", "grading"): "waiting for grading",
    ("assignment", "failed"): "graded below the pass mark: ask your instructor",
}
STILL_TO_DO = "You have finished every module of *{title}*. Still to do to complete it:"
STILL_TO_DO_AFTER = "Still to do to complete *{title}*:"
STEP_LINE = "- *{title}*{optional}: {state}"
OPTIONAL_SUFFIX = " (optional)"
OPTIONAL_LEFT = "Still open to you, if you like:"

# My learning
MY_LEARNING_TITLE = "*My learning*"
MY_LEARNING_EMPTY = "You are not enrolled in any course yet."
MY_LEARNING_LINE = "- *{title}* (`{code}`) · {status} · {percentage}{due}"
DUE = " · due {due}"
OVERDUE = " · *overdue* since {due}"
DROPPED_LIST = "Left: {courses}"


def percent(value: Decimal | float | int | None) -> str:
    number = Decimal(value or 0).quantize(Decimal("1"))
    return f"{number}%"


def format_instant(instant: datetime) -> str:
    """A moment as people read it: '1 Dec 2026, 09:00 UTC' (UTC until people have time zones)."""
    moment = instant.astimezone(UTC) if instant.tzinfo else instant.replace(tzinfo=UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def format_day(instant: datetime) -> str:
    moment = instant.astimezone(UTC) if instant.tzinfo else instant
    return f"{moment.day} {moment:%b %Y}"


def duration_hours(hours: int | None) -> str | None:
    return HOURS.format(hours=hours) if hours else None
