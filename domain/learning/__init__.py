"""The learning engine: catalog, enrollment, assignments, stepping through a course, progress, completion."""

from domain.learning.assignment import assign_course
from domain.learning.catalog import browse_catalog
from domain.learning.commands import (
    AssignCourse,
    BrowseCatalog,
    CompleteItem,
    ContinueCourse,
    DropCourse,
    Enroll,
    ShowMyLearning,
)
from domain.learning.done import complete_item
from domain.learning.enrollment import drop_course, enroll
from domain.learning.my_learning import show_my_learning
from domain.learning.path import continue_course
from domain.learning.reactions import EVENT_HANDLERS
from domain.messagebus import Command, Handler

HANDLERS: dict[type[Command], Handler] = {
    BrowseCatalog: browse_catalog,
    Enroll: enroll,
    DropCourse: drop_course,
    AssignCourse: assign_course,
    ContinueCourse: continue_course,
    CompleteItem: complete_item,
    ShowMyLearning: show_my_learning,
}

__all__ = [
    "EVENT_HANDLERS",
    "HANDLERS",
    "AssignCourse",
    "BrowseCatalog",
    "CompleteItem",
    "ContinueCourse",
    "DropCourse",
    "Enroll",
    "ShowMyLearning",
]
