"""When a missed question comes back: the fsrs package's FSRS scheduler, one review per answer.

The quiz's wrong answer is the card's first review, rated Again; every answer in a nudge is the next one, rated
Good when right and Again when wrong. fsrs updates the card's stability and difficulty from the rating and the
time since the last review, and sets its next due time. The scheduler has no learning steps: their minutes-long
intervals cannot be kept by nudges that come at most once a day, so every review schedules by the card's
stability, in whole days. No fuzzing: the same answers at the same times give the same schedule (the once-a-day
limit already spreads cards out).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


@dataclass(frozen=True)
class Reviewed:
    """A card after a review: fsrs's card as JSON, its next due time and the rating given."""

    card: dict[str, Any]
    due_at: datetime
    rating: Rating


def rating_for(right: bool) -> Rating:
    return Rating.Good if right else Rating.Again


def first_review(at: datetime) -> Reviewed:
    """A new card for a question answered wrong at `at` (in the quiz)."""
    moment = at.astimezone(UTC)
    return _reviewed(Card(card_id=0, due=moment), Rating.Again, moment)


def review(card: dict[str, Any], right: bool, at: datetime) -> Reviewed:
    """The card (as stored) after an answer at `at`."""
    return _reviewed(Card.from_dict(card), rating_for(right), at.astimezone(UTC))  # type: ignore[arg-type]


def _reviewed(card: Card, rating: Rating, at: datetime) -> Reviewed:
    after, _ = SCHEDULER.review_card(card, rating, review_datetime=at)
    return Reviewed(dict(after.to_dict()), after.due, rating)
