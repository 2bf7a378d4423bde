"""What a trainee asks of review nudges. Card ids take the UUID or its short form."""

from typing import Literal

from domain.assessments.ids import Id
from domain.messagebus import Command


class ShowReview(Command):
    """A missed question to review now: the card given (a nudge's button), else the one most overdue."""

    card_id: Id | None = None


class AnswerReview(Command):
    """Answer a review card's question, asked in its round `round` (the card's reps when it was asked).

    `answer` is the option's index as authored (0 is the first; True is 0 and False 1) when pressed, the text for
    a short answer; `typed`: the person typed it to a question with options (its number as shown, or its words).
    An answer in a round that is over (a second press, an old nudge) is not counted again.
    """

    card_id: Id
    round: int
    answer: str
    typed: bool = False


class SetNudges(Command):
    """Turn the person's review nudges on or off; None says how they stand."""

    switch: Literal["on", "off"] | None = None
