"""Review nudges: a question a trainee got wrong in a passed quiz comes back later as a one-question check in
the chat, scheduled by FSRS (the fsrs package), at most one a day, never in quiet hours, until `nudges off`.

- cards.py: a review card per missed question when an attempt passes (AssessmentPassed).
- schedule.py: fsrs's scheduler: the quiz's wrong answer and every answer here are reviews that set the next due.
- sending.py: the scheduled job that sends each person's most overdue card as a delivery.
- asking.py, reviewing.py, answering.py: the question (in a nudge, or `review` in reply) and its answer, which
  rates the card and never touches the quiz attempt.
- preferences.py: `nudges off` / `nudges on`.

Every time rule reads the Clock given to `handlers` and `event_handlers`, so tests set the time.
"""

from collections.abc import Awaitable, Callable
from functools import partial

from domain.assessments.events import AssessmentPassed
from domain.clock import Clock, SystemClock
from domain.events import Event
from domain.messagebus import Command, EventHandler, Handler
from domain.nudges.answering import answer_review
from domain.nudges.cards import assessment_passed_handler
from domain.nudges.commands import AnswerReview, SetNudges, ShowReview
from domain.nudges.preferences import set_nudges
from domain.nudges.reviewing import show_review
from domain.replies import Reply

HANDLERS_WITH_CLOCK: dict[type[Command], Callable[..., Awaitable[list[Reply]]]] = {
    ShowReview: show_review,
    AnswerReview: answer_review,
    SetNudges: set_nudges,
}


def handlers(clock: Clock | None = None) -> dict[type[Command], Handler]:
    """The area's handlers, reading `clock` (the system's by default)."""
    now_from = clock or SystemClock()
    return {command: partial(handler, clock=now_from) for command, handler in HANDLERS_WITH_CLOCK.items()}


def event_handlers(clock: Clock | None = None) -> dict[type[Event], list[EventHandler]]:
    return {AssessmentPassed: [assessment_passed_handler(clock or SystemClock())]}


__all__ = ["AnswerReview", "SetNudges", "ShowReview", "event_handlers", "handlers"]
