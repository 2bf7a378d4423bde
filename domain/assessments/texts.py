"""What assessments say to people: quiz taking, grading, assignments and reports."""

from datetime import UTC, datetime, tzinfo
from decimal import Decimal

from domain.clock import local_time

# Quiz taking
QUESTION = "*Question {number} of {total}* ({points})\n\n{question}"
SHORT_ANSWER_HINT = "_Type your answer._"
ESSAY_HINT = "_Type your answer; an instructor will grade it._"
ATTEMPT_CONTEXT = "{title} · attempt {number}{of}"
OF_ATTEMPTS = " of {max}"
TIME_LEFT = " · {minutes} min left"
STARTED = "*{title}*: attempt {number}{of} started. {count} question{s}{limit}."
TIME_LIMIT = ", {minutes} minutes"
RESUMED = "You have an unfinished attempt at *{title}*; let's carry on where you left off."
CORRECT = "✅ Correct."
INCORRECT = "❌ Not quite."
ESSAY_SAVED = "📝 Saved. An instructor will grade this answer."
ALREADY_ANSWERED = "You already answered question {number} ({answer}); your first answer counts."
QUESTION_CLOSED = "This question is closed: that attempt is already finished."
ATTEMPT_SUPERSEDED = "That attempt is from before you started the course again; start the quiz afresh."
QUIZ_CLOSED = "This question is closed: the quiz is no longer open."
NO_SUCH_QUESTION = "That attempt has no question {number}."
NOT_YOUR_ATTEMPT = "That quiz attempt is not yours."
ATTEMPT_NOT_FOUND = "That quiz attempt does not exist (any more)."
NOT_AN_OPTION = "“{typed}” is not one of the options."
PICK_NUMBER = (
    "Pick a number from 1 to {last}, or type the option's words. The question stays open until you answer it; "
    "type *help* to do something else."
)
PICK_ONE_OF = (
    "Pick {choices}, or type the option's words. The question stays open until you answer it; "
    "type *help* to do something else."
)
PICK_AN_OPTION = "Please choose one of the options shown."
PICK_TRUE_OR_FALSE = "Please answer True or False."
TYPE_AN_ANSWER = "Please type an answer."
ANSWER_TOO_LONG = "That answer is too long: at most {max} characters, please."
TIME_UP = "⏱ Time is up: your attempt was submitted at the time limit. Answers after it do not count."
SUBMITTED = "*{title}*: attempt {number} submitted."
SCORE = "Score: *{score}* (pass mark {mark}%): "
PASSED = "passed ✅"
NOT_PASSED = "not passed"
AWAITS_GRADING = (
    "Your answers are saved. {count} essay answer{s} must be graded by an instructor; you will get your score then."
)
CANNOT_PASS = (
    "{count} essay answer{s} still wait{verb} for an instructor, but even full marks there bring this attempt to "
    "{best} at most, below the pass mark. You can try again now."
)
ATTEMPTS_LEFT = "Attempts left: {left}"
UNLIMITED = "unlimited"
WHAT_WAS_WRONG = "What was wrong:"
NOTHING_WRONG = "Every answer was right."
WRONG_LINE = "- Question {number}: {question}"
YOUR_ANSWER = " Your answer: {answer}."
RIGHT_ANSWER = " Right answer: {answer}."
NO_ANSWER = "no answer"
TRUE = "True"
FALSE = "False"
OR = " or "
TRY_AGAIN = "Try again"
ALREADY_SUBMITTED = "That attempt was already submitted."

# Where a trainee stands on a quiz
STANDING_PASSED = "passed with {score}"
STANDING_PENDING = "waiting for an instructor to grade your essay answers; you will get your score then"
STANDING_NOT_TAKEN = "not taken yet"
STANDING_UNFINISHED = "an attempt is under way"
STANDING_NOT_PASSED = "best score {score}, pass mark {mark}%; attempts left: {left}"
STANDING_FAILED_NO_ATTEMPTS = "best score {score}, pass mark {mark}%; no attempts left (ask your instructor)"
STANDING = "*{title}*: {standing}."
ATTEMPTS_LEFT_SENTENCE = " Attempts left: {left}."
RETAKE = "Take it again (attempt {number}{of})"
RETAKE_HINT = " You may take it again to improve your score."
YOUR_QUIZZES = "*Your quizzes*"
NO_QUIZZES_YET = "Your courses have no quizzes. Type *courses* to find one."
QUIZ_LINE = "- *{title}* ({course}): {standing} · `quiz {reference}`"
NO_QUIZ_OF_YOURS = "None of your courses has a quiz called “{name}”. Type *quiz* to see yours."
SEVERAL_OF_YOURS = "Several of your quizzes are called “{name}”; pick one:"

# Starting
QUIZ_NOT_FOUND = "That quiz does not exist (any more)."
QUIZ_NOT_OPEN = "*{title}* is not open: its course is not published."
QUIZ_BROKEN = "This quiz cannot be taken right now: it is set up wrongly. Please tell your instructor."
NOT_ENROLLED = "You are not enrolled in the course of *{title}*. Enroll first, then take the quiz."
DROPPED = "You dropped the course of *{title}*. Resume the course to take its quiz."
NO_ATTEMPTS_LEFT = "You have used all {max} attempts at *{title}*."
INVALID_SETTINGS = "The assessment settings are invalid: {problems}"

# Essay grading
DOING_GRADE = "grade answers and submissions"
DOING_REPORTS = "see reports"
NOT_YOUR_COURSE = "Only the course's instructor or an admin can do that for *{title}*."
COURSE_NOT_FOUND = "No course has the code '{code}' in this organization."
QUEUE_EMPTY = "Nothing is waiting for grading. 🎉"
QUEUE_HEADER = "{count} answer{s} waiting for grading, oldest first:"
ESSAY_ITEM = (
    "*{course} · {title}*, {trainee}, submitted {submitted}\n*Question* ({points}): {question}\n*Answer:*\n{answer}\n\n"
    "_{how}_"
)
GRADE_BY_REPLY = "Press the points, or reply with the points (0 to {max}) and optional feedback, e.g. `{max} Clear`."
GRADE_BY_BUTTON = "Press the points to grade this one (to add feedback, grade the one above first)."
NOT_SUBMITTED_YET = "That attempt is still in progress; grade it once it is submitted."
NOT_AN_ESSAY = "Question '{question_id}' is not an essay waiting for grading in that attempt."
ESSAY_ALREADY_GRADED = "That essay answer was already graded."
POINTS_OUT_OF_RANGE = "Points must be between 0 and {max}."
FEEDBACK_TOO_LONG = "Feedback is too long: at most {max} characters, please."
FEEDBACK_LINE = "Question {number}: {feedback}"
ESSAY_GRADED = "Graded: {points} of {max} points."
ESSAYS_STILL_PENDING = " {count} more essay answer{s} of this attempt still wait{verb}."
ATTEMPT_FULLY_GRADED = " The attempt is fully graded: {score}, {verdict}."

# Assignments
ASSIGNMENT_NOT_FOUND = "That assignment does not exist (any more)."
NO_ASSIGNMENTS = "You have no assignments."
ASSIGNMENTS_HEADER = "Your assignments:"
ASSIGNMENT_LINE = "- *{title}* ({course}): {due}. {status}"
DUE = "due {date}"
NO_DUE_DATE = "no due date"
OVERDUE = " ⚠️ overdue"
STATUS_NOT_SUBMITTED = "Not submitted."
STATUS_SUBMITTED = "Submitted {date}{late}; waiting for grading."
STATUS_GRADED = "Graded: {score} of {max}."
STATUS_RETURNED = "Returned for rework: {feedback}"
LATE = " (late)"
OPEN_ASSIGNMENT = "Open: {title}"
NO_ASSIGNMENT_NAMED = "None of your courses has an assignment called “{name}”. Type *assignments* to see yours."
SEVERAL_ASSIGNMENTS = "Several of your assignments are called “{name}”; pick one:"
ASSIGNMENT_DETAILS = "*{title}* ({course}), {due}, max score {max}.\n\n{body}\n\n{status}"
SUBMIT_HINT = "_Send your work as text (or with files) to submit it; you can replace it until it is graded._"
NOTHING_TO_SUBMIT = "Please send some text or at least one file."
TOO_MANY_FILES = "At most {max} files per submission, please."
BAD_FILE_REFERENCE = "Each file reference must be 1 to {max} characters."
TEXT_TOO_LONG = "That text is too long: at most {max} characters, please."
ALREADY_GRADED = "Your submission for *{title}* was already graded; it cannot be replaced."
SUBMISSION_SAVED = "Submitted *{title}*."
REPLACE_UNTIL_GRADED = " You can replace it until it is graded: open it with *assignments* and send your work again."
LOOKS_ACCIDENTAL = (
    "“{work}” looks too short to be your work for *{title}*, so I have not handed it in. "
    "Type your work (text and links), or press *Hand in “{work}”* if that is really it."
)
LOOKS_ACCIDENTAL_NO_BUTTON = (
    "“{work}” looks too short to be your work for *{title}*, so I have not handed it in. "
    "Type your work (text and links) as a few sentences."
)
HAND_IN_ANYWAY = "Hand in “{work}”"
SUBMISSION_REPLACED = "Replaced your submission for *{title}*."
SUBMITTED_LATE = " ⚠️ It is late: it was due {due}."
SUBMISSION_NOT_FOUND = "That submission does not exist (any more)."
SUBMISSION_QUEUE_EMPTY = "No submissions are waiting for grading. 🎉"
SUBMISSION_QUEUE_HEADER = "{count} submission{s} waiting for grading, oldest first:"
SUBMISSION_ITEM = "*{course} · {title}*, {trainee}, submitted {submitted}{late}\n{body}{files}\n\n_{how}_"
SCORE_BY_REPLY = (
    "Reply with the score (0 to {max}) and optional feedback, e.g. `{max} Good work`, or return it for rework."
)
SCORE_NEXT = "Grade the one above first; this one comes next (or return it for rework now)."
FILES = "\nFiles: {files}"
RETURN_FOR_REWORK = "Return for rework"
SCORE_OUT_OF_RANGE = "The score must be between 0 and {max}."
NOT_WAITING = "That submission is {status}, not waiting for grading."
FEEDBACK_REQUIRED = "What needs rework? Your next message goes to the trainee as feedback."
ASSIGNMENT_GRADED = "Graded *{title}* for {trainee}: {score} of {max}."
ASSIGNMENT_RETURNED = "Returned *{title}* to {trainee} for rework."

# Reports
ASSESSMENT_REPORT = (
    "*{title}*: {attempts} submitted attempt{s} by {trainees} trainee{ts}; pass rate {pass_rate}; "
    "average score {average}."
)
QUESTION_LINE = "- {question_id}: {correct} answered correctly ({answers} answer{s})"
COURSE_REPORT = (
    "*{code}: {title}*\nEnrolled {enrolled} (not started {not_started}, in progress {in_progress}, "
    "completed {completed}); overdue {overdue}; dropped {dropped}."
)
NOT_AVAILABLE = "n/a"
WHICH_QUIZ = "Which quiz? Type *report quiz* and its name, or press it:"
SEVERAL_QUIZZES = "Several quizzes are called “{name}”; pick one:"
NO_QUIZ_NAMED = "None of your courses has a quiz called “{name}”. Type *report quiz* to see them."
NO_QUIZZES = "None of your courses has a quiz yet."
QUIZ_CHOICE = "- *{title}* ({course}): `report quiz {reference}`"


def points(value: float) -> str:
    whole = int(value) if float(value).is_integer() else value
    return f"{whole} point" if whole == 1 else f"{whole} points"


def percent(value: Decimal | float | None) -> str:
    if value is None:
        return NOT_AVAILABLE
    return f"{Decimal(str(value)).normalize():f}%"


def when(moment: datetime, zone: tzinfo = UTC) -> str:
    """A moment in the organization's zone, the zone named: '6 Dec 2026, 17:56 CET'."""
    return local_time(moment, zone)


def number(value: Decimal | float | None) -> str:
    if value is None:
        return NOT_AVAILABLE
    return f"{Decimal(str(value)).normalize():f}"
