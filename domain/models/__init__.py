"""The seed schema as typed SQLAlchemy 2 models, plus the bot's own tables."""

from domain.models.assessment import Assessment, AssessmentAttempt, Assignment, AssignmentSubmission
from domain.models.audit import AuditLog
from domain.models.base import Base
from domain.models.certificate import Certificate, CertificateTemplate, OrganizationKey
from domain.models.chat import (
    ChatIdentity,
    ChatInboxEntry,
    ConversationState,
    Invite,
    ProcessedUpdate,
    SlackWorkspace,
    TelegramPoll,
)
from domain.models.communication import Announcement, Message
from domain.models.course import Content, Course, CoursePrerequisite, Module
from domain.models.delivery import Delivery, DeliveryRateSlot
from domain.models.enrollment import Enrollment, Progress
from domain.models.organization import Department, Organization, User
from domain.models.reminders import ReminderMute
from domain.models.training_session import SessionAttendance, TrainingSession

__all__ = [
    "Announcement",
    "Assessment",
    "AssessmentAttempt",
    "Assignment",
    "AssignmentSubmission",
    "AuditLog",
    "Base",
    "Certificate",
    "CertificateTemplate",
    "ChatIdentity",
    "ChatInboxEntry",
    "Content",
    "ConversationState",
    "Course",
    "CoursePrerequisite",
    "Delivery",
    "DeliveryRateSlot",
    "Department",
    "Enrollment",
    "Invite",
    "Message",
    "Module",
    "Organization",
    "OrganizationKey",
    "ProcessedUpdate",
    "Progress",
    "ReminderMute",
    "SessionAttendance",
    "SlackWorkspace",
    "TelegramPoll",
    "TrainingSession",
    "User",
]
