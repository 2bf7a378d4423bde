"""What the command line asks of certificates: revoking one, importing a template, as an operator's operations."""

from domain.certificates.commands import RevokeCertificate
from domain.certificates.records import CertificateRecord
from domain.certificates.revoking import revoke
from domain.certificates.templates import ImportedTemplate, TemplateFile, import_template
from domain.command import Command, Operation
from domain.messagebus import OperationHandler
from domain.unit_of_work import UnitOfWork


class ImportTemplate(Operation[ImportedTemplate]):
    """Create or update a certificate template by its name (checked in the sandbox before, by the caller)."""

    template: TemplateFile
    make_default: bool = False


async def revoking(uow: UnitOfWork, command: RevokeCertificate) -> CertificateRecord:
    return await revoke(uow, command.certificate_number, command.reason)


async def importing_template(uow: UnitOfWork, command: ImportTemplate) -> ImportedTemplate:
    return await import_template(uow, command.template, make_default=command.make_default)


OPERATIONS: dict[type[Command], OperationHandler] = {
    RevokeCertificate: revoking,
    ImportTemplate: importing_template,
}
