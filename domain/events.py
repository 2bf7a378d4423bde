"""Domain events: facts in the past tense, raised inside a command's transaction."""

import uuid

from pydantic import BaseModel, ConfigDict


class Event(BaseModel):
    model_config = ConfigDict(frozen=True)


class CourseCompleted(Event):
    enrollment_id: uuid.UUID
    trainee_id: uuid.UUID
    course_id: uuid.UUID
    organization_id: uuid.UUID
    # The course offers a certificate (courses.is_certified, read by the completing statement); the
    # certificate handler skips the others without a statement.
    certified: bool = True
