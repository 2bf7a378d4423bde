"""What LearnBot says about live training sessions."""

# Finding
NO_SUCH_SESSION = "There is no session {reference} for you. Send `sessions` to see the upcoming ones."
NO_SESSION_REFERENCE = "There is no session {reference}."
NO_SUCH_CODE = "No session has the check-in code {code}. Check the code your instructor shows."
NOT_YOUR_SESSION = "Session {reference} is another instructor's; only they or an admin can do that."

# Scheduling
BAD_START = "I could not read the start {text!r}: write it as YYYY-MM-DD HH:MM, e.g. 2026-12-08 10:00."
BAD_END = "I could not read the end {text!r}: write HH:MM (the same day) or YYYY-MM-DD HH:MM."
NO_SUCH_LOCAL_TIME = "{moment} does not exist in {zone} (the clocks skip it). Please pick another time."
START_IN_PAST = "The start {moment} has passed. Please pick a time in the future."
END_BEFORE_START = "The session must end after it starts ({start})."
NO_SUCH_AUDIENCE = "There is no course or department {code}. Use a course code, a department code, or - for everyone."
AMBIGUOUS_AUDIENCE = "{code} is both a course and a department code: write course:{code} or department:{code}."
BAD_PLACE = "A place is a room (up to 255 characters) or a meeting link starting with https://."
TITLE_TOO_LONG = "A title has at most 255 characters."
SCHEDULED = (
    "Scheduled *{reference}* {title}\n{when}{place}{audience}{seats}\nCheck-in code: `{code}` (show it in the room)"
)
PLACE_LINE = "\n{place}"
AUDIENCE_LINE = "\nFor: {audience}"
SEATS_LINE = "\nSeats: {seats}"
SCHEDULE_BY_STEPS = "Let's schedule a live session. You can stop any time by sending another command."
GUIDED_QUESTIONS = (
    "What is the session's title?",
    "When does it start? (YYYY-MM-DD HH:MM, {zone})",
    "When does it end? (HH:MM the same day, or YYYY-MM-DD HH:MM)",
    "Where? A room, or a meeting link starting with https:// (- for none)",
    "For which course or department? A code, or - for everyone",
    "How many seats? A number, or - for no limit",
    "Which type: live, webinar, workshop or meeting? (- for live)",
)
BAD_CAPACITY = "Seats must be a whole number from 1 to 100000, or - for no limit."
BAD_TYPE = "The type is live, webinar, workshop or meeting."

# Changing a session
CHANGED = "Changed *{reference}* {title}\n{when}{place}{seats}"
CANNOT_MOVE_STARTED = "Session {reference} has started; its times can no longer change."
SEATS_BELOW_TAKEN = "Session {reference} has {taken} people registered; it needs at least that many seats."
NOTHING_CHANGED = "Nothing to change for {reference}: it already is like that."

# Cancelling a session
CANCELLED = "Cancelled *{reference}* {title}."
ALREADY_CANCELLED = "Session {reference} is already cancelled."
SESSION_ENDED = "Session {reference} has already ended."

# Listing
NO_UPCOMING = "There are no upcoming sessions for you right now."
UPCOMING_TITLE = "*Upcoming sessions*"
SESSION_LINE = "*{reference}* {title} — {when}{place}{audience} · {seats}{mine}"
SEATS_OF = "{taken}/{capacity} seats"
SEATS_OPEN = "{taken} registered"
FULL_MARK = " (full)"
MINE_REGISTERED = " · *you're registered*"
MINE_ATTENDED = " · *you're checked in*"
MINE_EXCUSED = " · excused"
MINE_ABSENT = " · marked absent"
OPEN_NOW = " · check-in open"
CANCELLED_MARK = " · *cancelled*"
REGISTER_BUTTON = "RSVP {reference}"
CANCEL_BUTTON = "Cancel RSVP {reference}"
CHECK_IN_BUTTON = "Check in {reference}"
CHECK_OUT_BUTTON = "Check out {reference}"
ATTENDANCE_BUTTON = "Attendance {reference}"
DETAILS = "*{reference}* {title}{cancelled}\n{when}{place}{audience}\nInstructor: {instructor}\n{seats}{code}"
CODE_LINE = "\nCheck-in code: `{code}`"

# Registering
REGISTERED = "You're registered for *{reference}* {title}, {when}. {check_in}"
CHECK_IN_OPENS_AT = "Check-in opens at {opens}."
CHECK_IN_OPEN_NOW = "Check-in is open now."
ALREADY_REGISTERED = "You're already registered for {reference} {title}."
FULL = "Sorry, {reference} {title} is full ({capacity} seats)."
IS_CANCELLED = "Session {reference} {title} has been cancelled."
REGISTRATION_CANCELLED = "Your seat for {reference} {title} is cancelled."
NOT_REGISTERED = "You're not registered for {reference} {title}."
STARTED_ALREADY = "{reference} {title} has started; please tell your instructor if you cannot come."

# Checking in and out
NOT_OPEN_YET = "Check-in for {reference} {title} opens at {opens}, 15 minutes before the start."
ENDED = "{reference} {title} has ended; check-in and check-out are closed."
CHECKED_IN = "You're checked in to *{reference}* {title} at {time}. Enjoy the session!"
ALREADY_CHECKED_IN = "You checked in to {reference} {title} at {time} already."
REGISTER_FIRST = (
    "You're not registered for {reference} {title}. In the room, check in with the code your instructor shows: "
    "`checkin CODE`."
)
CHECKED_OUT = "You're checked out of {reference} {title} at {time}. Thanks for coming!"
ALREADY_CHECKED_OUT = "You checked out of {reference} {title} at {time} already."
NOT_CHECKED_IN = "You're not checked in to {reference} {title}."

# Attendance
NO_SUCH_PERSON = "There is no active person with the email {email} in your organization."
ABSENT_BEFORE_START = "{reference} has not started yet: nobody can be absent before the start (excused is fine)."
ATTENDED_BEFORE_OPEN = "{reference} is not open yet: mark people as attended once check-in opens at {opens}."
MARKED = "{name} is now *{status}* for {reference} {title}."
ATTENDANCE_TITLE = "*Attendance {reference}* {title}\n{when}\nCheck-in code: `{code}`"
ATTENDANCE_COUNTS = "{registered} registered · {attended} attended · {absent} absent · {excused} excused{capacity}"
ATTENDANCE_CAPACITY = " · {capacity} seats"
ATTENDANCE_LINE = "- {name} ({email}) · {status}{times}{note}"
ATTENDANCE_TIMES = " · in {check_in}{check_out}"
ATTENDANCE_OUT = ", out {check_out}"
ATTENDANCE_NOTE = " · _{note}_"
NOBODY_YET = "Nobody has registered yet."
MARK_WHAT = "Mark someone attended, absent or excused."

# Reminders before the start, and notices of a change or cancellation (deliveries to the people registered)
REMINDER = "⏰ Reminder: *{reference}* {title} starts in {left}\n{when}{place}\n{next_step}"
REMINDER_OPEN = "Check-in is open: tap Check in when you arrive."
REMINDER_BEFORE = "Can't make it? Cancel your seat so someone else can have it."
REMINDER_CHECK_IN = "Check in"
CANCEL_MY_SEAT = "Cancel my seat"
JOIN_MEETING = "Join the meeting"
ONE_MINUTE = "1 minute"
MINUTES = "{count} minutes"
ONE_HOUR = "1 hour"
HOURS = "{count} hours"
ONE_DAY = "1 day"
DAYS = "{count} days"
CHANGE_NOTICE = "📅 *{reference}* {title} has changed:{lines}\nYou're still registered."
CHANGED_TIME = "\nWhen: {before} → *{after}*"
CHANGED_PLACE = "\nWhere: {before} → *{after}*"
CHANGED_SEATS = "\nSeats: {before} → {after}"
NO_PLACE = "no place given"
NO_LIMIT = "no limit"
CANCEL_NOTICE = "❌ *{reference}* {title} ({when}) has been cancelled. Your seat is released; nothing else to do."
UPCOMING_SESSIONS = "Upcoming sessions"
TOLD_CHANGED = "📣 Told {people} about the change.{held}"
TOLD_CANCELLED = "📣 Told {people} that it is cancelled.{held}"
TOLD_NOBODY = "Nobody is registered for {reference}, so there was nobody to tell."
PEOPLE_REGISTERED = "the {count} people registered"
ONE_PERSON_REGISTERED = "the 1 person registered"
HELD_FOR_QUIET_HOURS = (
    "\nThe session is more than 24 hours away, so the notice waits for the end of quiet hours: {time}."
)
