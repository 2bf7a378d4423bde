"""Certificates: issued when a certified course is completed, rendered from sandboxed templates, verifiable
by anyone at an unguessable link, portable as a signed Open Badge, revocable by admins."""

from domain.certificates.chat import handlers
from domain.certificates.commands import RevokeCertificate, ShowMyCertificates
from domain.certificates.issuing import course_completed_handler
from domain.certificates.links import Links
from domain.events import CourseCompleted, Event
from domain.messagebus import EventHandler


def event_handlers(links: Links) -> dict[type[Event], list[EventHandler]]:
    return {CourseCompleted: [course_completed_handler(links)]}


__all__ = ["Links", "RevokeCertificate", "ShowMyCertificates", "event_handlers", "handlers"]
