"""Review nudges (migration 0017): a card per question a trainee got wrong in a passed quiz, and who said
`nudges off`. Not in the seed."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, SmallInteger, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.models.base import Base, CreatedAt, Timestamp, UpdatedAt, UuidPk


class ReviewCard(Base):
    """One missed question coming back to one trainee, scheduled by FSRS (domain/nudges/schedule.py)."""

    __tablename__ = "review_cards"
    __table_args__ = (
        UniqueConstraint("trainee_id", "assessment_id", "question_id"),
        Index("idx_review_cards_organization", "organization_id"),
        Index("idx_review_cards_assessment", "assessment_id"),
        Index("idx_review_cards_enrollment", "enrollment_id"),
        Index("idx_review_cards_due", "due_at", postgresql_where=text("stopped_at IS NULL")),
        CheckConstraint("last_rating BETWEEN 1 AND 4", name="last_rating"),
        CheckConstraint("reps >= 0 AND lapses >= 0 AND lapses <= reps", name="counts"),
    )

    id: Mapped[UuidPk]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    trainee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    enrollment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"))
    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    # The question's "id" in assessments.questions (domain/assessments/questions.py).
    question_id: Mapped[str] = mapped_column(Text)
    # fsrs.Card.to_dict(): its state, stability, difficulty, due and last review.
    fsrs_card: Mapped[dict[str, Any]] = mapped_column(JSONB)
    due_at: Mapped[datetime]
    # Answers given in nudges, and how many of them were wrong (the quiz's own wrong answer is not counted).
    reps: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    lapses: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    # fsrs.Rating of the last review: 1 Again (the quiz's wrong answer, or a wrong one here) ... 4 Easy.
    last_rating: Mapped[int] = mapped_column(SmallInteger)
    last_reviewed_at: Mapped[datetime]
    # A nudge about it was sent and is not answered yet (it is not sent again for a while).
    asked_at: Mapped[Timestamp]
    # The first right answer in a nudge: the missed question was later answered right.
    first_right_at: Mapped[Timestamp]
    # No more nudges about it (its question was removed from the quiz, or can no longer be answered in chat).
    stopped_at: Mapped[Timestamp]
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class NudgeOptOut(Base):
    """A person who said `nudges off`: no review nudges reach them until `nudges on`."""

    __tablename__ = "nudge_opt_outs"
    __table_args__ = (Index("idx_nudge_opt_outs_organization", "organization_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    created_at: Mapped[CreatedAt]
