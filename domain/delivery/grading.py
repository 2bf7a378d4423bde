"""Grading results reach the trainee: a delivery enqueued in the grader's transaction."""

from collections.abc import Sequence

from sqlalchemy import text

from domain.assessments.commands import ShowAssignment
from domain.assessments.events import AttemptGraded, SubmissionGraded, SubmissionReturned
from domain.delivery import texts
from domain.delivery.outbox import Outgoing, deliver
from domain.events import Event
from domain.learning.commands import ShowMyLearning
from domain.messagebus import Context, EventHandler
from domain.models.delivery import DeliveryKind
from domain.replies import Button, Reply, literal

ASSESSMENT_TITLE = text("SELECT title FROM assessments WHERE id = :id")
ASSIGNMENT_TITLE = text("SELECT title FROM assignments WHERE id = :id")


def score_text(value: object) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


async def attempt_graded(ctx: Context, event: AttemptGraded) -> None:
    title = (await ctx.uow.fetch_one(ASSESSMENT_TITLE, {"id": event.assessment_id})).title
    words = texts.ESSAY_GRADED_PASSED if event.is_passed else texts.ESSAY_GRADED_FAILED
    reply = Reply(text=words.format(title=literal(title), score=score_text(event.score)), buttons=[my_courses()])
    await deliver(ctx.uow, DeliveryKind.GRADING, [Outgoing(event.trainee_id, [reply])])


async def submission_graded(ctx: Context, event: SubmissionGraded) -> None:
    title = (await ctx.uow.fetch_one(ASSIGNMENT_TITLE, {"id": event.assignment_id})).title
    words = texts.ASSIGNMENT_GRADED.format(
        title=literal(title), score=score_text(event.score), max_score=event.max_score
    )
    await deliver(ctx.uow, DeliveryKind.GRADING, [Outgoing(event.trainee_id, [Reply(text=words)])])


async def submission_returned(ctx: Context, event: SubmissionReturned) -> None:
    title = (await ctx.uow.fetch_one(ASSIGNMENT_TITLE, {"id": event.assignment_id})).title
    words = texts.ASSIGNMENT_RETURNED.format(title=literal(title), feedback=literal(event.feedback))
    button = Button(label=texts.OPEN_ASSIGNMENT, command=ShowAssignment(assignment_id=event.assignment_id))
    await deliver(ctx.uow, DeliveryKind.GRADING, [Outgoing(event.trainee_id, [Reply(text=words, buttons=[button])])])


def my_courses() -> Button:
    return Button(label=texts.MY_COURSES, command=ShowMyLearning())


EVENT_HANDLERS: dict[type[Event], Sequence[EventHandler]] = {
    AttemptGraded: [attempt_graded],
    SubmissionGraded: [submission_graded],
    SubmissionReturned: [submission_returned],
}
