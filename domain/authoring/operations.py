"""What the command line asks of course authoring, run on the message bus as an operator's operations."""

from typing import Any

from domain.authoring.exporter import export_course
from domain.authoring.importer import ImportResult, import_course
from domain.authoring.lifecycle import CourseSummary, archive_course, list_courses, publish_course
from domain.command import Command, Operation
from domain.messagebus import OperationHandler
from domain.organizations.tenancy import tenant_id
from domain.unit_of_work import UnitOfWork


class ImportCourse(Operation[ImportResult]):
    """Create or update the course a course-file document describes (InvalidCourseFile lists every problem)."""

    document: Any


class ExportCourse(Operation[dict[str, Any]]):
    """The course as a course-file document."""

    course_code: str


class PublishCourse(Operation[bool]):
    """Publish a course; False when it already was."""

    course_code: str


class ArchiveCourse(Operation[bool]):
    """Archive a course; False when it already was."""

    course_code: str


class ListCourses(Operation[list[CourseSummary]]):
    """Every course of the organization."""


async def importing(uow: UnitOfWork, command: ImportCourse) -> ImportResult:
    return await import_course(uow, tenant_id(uow), command.document)


async def exporting(uow: UnitOfWork, command: ExportCourse) -> dict[str, Any]:
    return await export_course(uow, command.course_code)


async def publishing(uow: UnitOfWork, command: PublishCourse) -> bool:
    return await publish_course(uow, command.course_code)


async def archiving(uow: UnitOfWork, command: ArchiveCourse) -> bool:
    return await archive_course(uow, command.course_code)


async def listing(uow: UnitOfWork, command: ListCourses) -> list[CourseSummary]:
    return await list_courses(uow)


OPERATIONS: dict[type[Command], OperationHandler] = {
    ImportCourse: importing,
    ExportCourse: exporting,
    PublishCourse: publishing,
    ArchiveCourse: archiving,
    ListCourses: listing,
}
