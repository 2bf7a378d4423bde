"""What the command line asks of live sessions: a session's attendance and every session, as data for CSV."""

from dataclasses import dataclass
from datetime import tzinfo

from sqlalchemy import select

from domain.clock import organization_zone
from domain.command import Command, Operation
from domain.errors import NotFound
from domain.messagebus import OperationHandler
from domain.models import TrainingSession
from domain.organizations.tenancy import tenant_id
from domain.sessions import texts
from domain.sessions.attendance import Attendee, attendees
from domain.sessions.commands import Reference
from domain.sessions.finding import label, seats_taken
from domain.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class AttendanceSheet:
    training: TrainingSession
    zone: tzinfo
    people: list[Attendee]


@dataclass(frozen=True)
class SessionsSheet:
    zone: tzinfo
    # Every session, soonest first, with the seats taken.
    sessions: list[tuple[TrainingSession, int]]


class ExportAttendance(Operation[AttendanceSheet]):
    """Everyone with an attendance record for the session."""

    reference: Reference


class ExportSessions(Operation[SessionsSheet]):
    """Every session of the organization."""


async def exporting_attendance(uow: UnitOfWork, command: ExportAttendance) -> AttendanceSheet:
    query = select(TrainingSession).where(TrainingSession.reference == command.reference)
    training = await uow.session.scalar(query)
    if training is None:
        raise NotFound(texts.NO_SESSION_REFERENCE.format(reference=label(command.reference)))
    zone = await organization_zone(uow.session, tenant_id(uow))
    return AttendanceSheet(training, zone, await attendees(uow.session, training.id))


async def exporting_sessions(uow: UnitOfWork, command: ExportSessions) -> SessionsSheet:
    query = select(TrainingSession).order_by(TrainingSession.start_time, TrainingSession.reference)
    trainings = list(await uow.session.scalars(query))
    seats = [await seats_taken(uow.session, training.id) for training in trainings]
    zone = await organization_zone(uow.session, tenant_id(uow))
    return SessionsSheet(zone, list(zip(trainings, seats, strict=True)))


OPERATIONS: dict[type[Command], OperationHandler] = {
    ExportAttendance: exporting_attendance,
    ExportSessions: exporting_sessions,
}
