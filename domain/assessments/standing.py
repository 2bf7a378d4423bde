"""Where a trainee stands on a quiz: passed (with the best score), waiting for grading, or attempts left.

Said when they ask for a quiz they need not take again (`quiz` after passing, or while an attempt waits for
a grade) and in the list of their quizzes; a retake is offered only while attempts are left and no grade
is pending.
"""

from dataclasses import dataclass
from decimal import Decimal

from domain.assessments import texts


@dataclass(frozen=True)
class Standing:
    title: str
    used: int
    max_attempts: int | None
    passing_score: int | None
    best: Decimal | None
    passed: bool
    pending: int
    unfinished: bool = False

    @property
    def attempts_left(self) -> int | None:
        return None if self.max_attempts is None else max(self.max_attempts - self.used, 0)

    @property
    def settled(self) -> bool:
        """Nothing to start: passed, or an attempt waits for its grade."""
        return self.passed or self.pending > 0

    @property
    def may_retake(self) -> bool:
        return self.pending == 0 and not self.unfinished and self.attempts_left != 0

    def line(self) -> str:
        """One line on where the person stands."""
        if self.unfinished:
            return texts.STANDING_UNFINISHED
        if self.pending:
            return texts.STANDING_PENDING
        if self.passed:
            return texts.STANDING_PASSED.format(score=texts.percent(self.best))
        if self.used == 0:
            return texts.STANDING_NOT_TAKEN
        left = self.attempts_left
        if left == 0:
            return texts.STANDING_FAILED_NO_ATTEMPTS.format(score=texts.percent(self.best), mark=self.passing_score)
        return texts.STANDING_NOT_PASSED.format(
            score=texts.percent(self.best), mark=self.passing_score, left=texts.UNLIMITED if left is None else left
        )

    def retake_label(self) -> str:
        of = texts.OF_ATTEMPTS.format(max=self.max_attempts) if self.max_attempts else ""
        return texts.RETAKE.format(number=self.used + 1, of=of)
