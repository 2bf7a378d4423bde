"""What trainees (and, for assignments, instructors and admins) can ask of the learning engine."""

import uuid
from datetime import date
from typing import Annotated, Self

from pydantic import Field, model_validator

from domain.assessments.ids import Id
from domain.learning import texts
from domain.messagebus import Command

CourseCode = Annotated[str, Field(min_length=1, max_length=100)]


class BrowseCatalog(Command):
    """The published courses I may take, optionally only those with a tag."""

    tag: Annotated[str, Field(min_length=1, max_length=100)] | None = None


class Enroll(Command):
    course_code: CourseCode


class DropCourse(Command):
    course_code: CourseCode


class AssignCourse(Command):
    """An instructor or admin puts one person (by email) or a whole department (by code) on a course."""

    course_code: CourseCode
    email: Annotated[str, Field(min_length=3, max_length=255)] | None = None
    department_code: Annotated[str, Field(min_length=1, max_length=50)] | None = None
    due_date: date | None = None

    @model_validator(mode="after")
    def one_audience(self) -> Self:
        if (self.email is None) == (self.department_code is None):
            raise ValueError(texts.ASSIGN_ONE_AUDIENCE)
        return self


class ContinueCourse(Command):
    """Open the next item of a course; without a code, of the course I worked on most recently. `after`, a
    step (an optional assessment or assignment) the trainee skips: the next thing after it opens."""

    course_code: CourseCode | None = None
    after: Id | None = None


class CompleteItem(Command):
    """Mark an item done; without an id, the item I opened most recently."""

    content_id: uuid.UUID | None = None


class ShowMyLearning(Command):
    """My enrollments with progress, due dates and overdue marks."""
