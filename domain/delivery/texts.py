"""What the trainee reads when someone else's action reaches them (grading results)."""

ESSAY_GRADED_PASSED = "✅ Your quiz *{title}* has been graded: {score}%. You passed."
ESSAY_GRADED_FAILED = "Your quiz *{title}* has been graded: {score}%. Not passed this time."
ASSIGNMENT_GRADED = "✅ Your assignment *{title}* has been graded: {score} of {max_score}."
ASSIGNMENT_RETURNED = "↩️ Your assignment *{title}* was returned for rework:\n{feedback}"
OPEN_ASSIGNMENT = "Open the assignment"
MY_COURSES = "My courses"
