"""Handing in work for an assignment: text and file references, one submission per trainee and assignment.

The submission may be replaced until it is graded (a returned one may be submitted again); the upsert
refuses to touch a graded one even when grading happened a moment ago.
"""

from sqlalchemy import case, func, or_
from sqlalchemy.dialects.postgresql import insert

from domain.assessments import texts
from domain.assessments.assignments import enrolled_assignment, this_round
from domain.assessments.commands import SubmitAssignment
from domain.assessments.events import AssignmentSubmitted
from domain.clock import organization_zone
from domain.errors import Conflict, InvalidInput
from domain.messagebus import Context
from domain.models import AssignmentSubmission
from domain.models.enums import SubmissionStatus
from domain.replies import Button, Prompt, Reply, literal

TEXT_MAX = 20_000
FILES_MAX = 10
FILE_REFERENCE_MAX = 2_000


def checked_work(command: SubmitAssignment) -> tuple[str | None, list[str]]:
    work = (command.text or "").strip() or None
    files = [reference.strip() for reference in command.files]
    if work is None and not files:
        raise InvalidInput(texts.NOTHING_TO_SUBMIT)
    if work is not None and len(work) > TEXT_MAX:
        raise InvalidInput(texts.TEXT_TOO_LONG.format(max=TEXT_MAX))
    if len(files) > FILES_MAX:
        raise InvalidInput(texts.TOO_MANY_FILES.format(max=FILES_MAX))
    if any(not 1 <= len(reference) <= FILE_REFERENCE_MAX for reference in files):
        raise InvalidInput(texts.BAD_FILE_REFERENCE.format(max=FILE_REFERENCE_MAX))
    return work, files


# Work this short, with no link, looks like a stray message (a button number, "ok"): asked before it counts.
ACCIDENTAL_WORDS = 3
ACCIDENTAL_LENGTH = 20
# The button that hands such work in carries it (Telegram: 64 bytes with the command and a signature).
ON_A_BUTTON_MAX = 12


def looks_accidental(work: str | None, files: list[str]) -> bool:
    if files or work is None:
        return False
    return len(work.split()) < ACCIDENTAL_WORDS and len(work) < ACCIDENTAL_LENGTH


async def submit_assignment(ctx: Context, command: SubmitAssignment) -> list[Reply]:
    """Hand in work for an assignment, or replace the submission while it is not graded; work that looks
    accidental is handed in only once confirmed."""
    work, files = checked_work(command)
    assignment, _, previous, enrollment_id, _ = await enrolled_assignment(ctx, command.assignment_id)
    current = this_round(previous)
    if current is not None and current.status == SubmissionStatus.GRADED:
        raise Conflict(texts.ALREADY_GRADED.format(title=literal(assignment.title)))
    if command.ask_if_accidental and looks_accidental(work, files):
        return [confirm_reply(command, assignment.title, work or "")]
    table = AssignmentSubmission
    upsert = insert(table).values(
        assignment_id=assignment.id,
        enrollment_id=enrollment_id,
        submission_text=work,
        submission_files=files,
        status=SubmissionStatus.SUBMITTED.value,
        submitted_at=func.now(),
    )
    returning = upsert.on_conflict_do_update(
        index_elements=[table.assignment_id, table.enrollment_id],
        set_={
            "submission_text": upsert.excluded.submission_text,
            "submission_files": upsert.excluded.submission_files,
            "status": SubmissionStatus.SUBMITTED.value,
            "submitted_at": func.now(),
            "score": None,
            "graded_at": None,
            "graded_by": None,
            "feedback": case((table.superseded_at.is_not(None), None), else_=table.feedback),
            "superseded_at": None,
        },
        # Graded meanwhile: nothing changes. A graded submission superseded by a Recertify is replaced (the
        # seed keeps one per trainee and assignment); the audit row keeps what it was.
        where=or_(table.status != SubmissionStatus.GRADED.value, table.superseded_at.is_not(None)),
    ).returning(table.id, table.submitted_at)
    saved = (await ctx.session.execute(returning)).first()
    if saved is None:
        raise Conflict(texts.ALREADY_GRADED.format(title=literal(assignment.title)))
    submission_id, submitted_at = saved
    late = assignment.due_date is not None and submitted_at > assignment.due_date
    after = {
        "text": work,
        "files": files,
        "status": SubmissionStatus.SUBMITTED,
        "submitted_at": submitted_at,
        "late": late,
    }
    before = (
        None
        if previous is None
        else {
            "text": previous.submission_text,
            "files": previous.submission_files,
            "status": previous.status,
            "submitted_at": previous.submitted_at,
        }
    )
    if previous is not None and current is None:  # the earlier round's, with its grade
        before = (before or {}) | {
            "score": previous.score,
            "feedback": previous.feedback,
            "graded_at": previous.graded_at,
            "graded_by": previous.graded_by,
            "superseded_at": previous.superseded_at,
        }
    action = "submission.created" if previous is None else "submission.replaced"
    ctx.uow.record(action, "assignment_submission", submission_id, before=before, after=after)
    ctx.uow.emit(
        AssignmentSubmitted(
            submission_id=submission_id,
            assignment_id=assignment.id,
            enrollment_id=enrollment_id,
            trainee_id=ctx.actor.user_id,
            course_id=assignment.course_id,
            organization_id=ctx.actor.organization_id,
            late=late,
        )
    )
    said = (texts.SUBMISSION_SAVED if current is None else texts.SUBMISSION_REPLACED).format(
        title=literal(assignment.title)
    )
    if late and assignment.due_date is not None:
        zone = await organization_zone(ctx.session, ctx.actor.organization_id)
        said += texts.SUBMITTED_LATE.format(due=texts.when(assignment.due_date, zone))
    return [Reply(text=said + texts.REPLACE_UNTIL_GRADED)]


def confirm_reply(command: SubmitAssignment, title: str, work: str) -> Reply:
    """Ask before handing in what looks accidental: a button hands it in as it is; typed text is the work."""
    prompt = Prompt.of(SubmitAssignment, assignment_id=command.assignment_id, ask_if_accidental=True)
    if len(work.encode()) > ON_A_BUTTON_MAX:
        return Reply(
            text=texts.LOOKS_ACCIDENTAL_NO_BUTTON.format(work=literal(work), title=literal(title)), prompt=prompt
        )
    anyway = command.model_copy(update={"ask_if_accidental": False, "text": work})
    return Reply(
        text=texts.LOOKS_ACCIDENTAL.format(work=literal(work), title=literal(title)),
        buttons=[Button(label=texts.HAND_IN_ANYWAY.format(work=work), command=anyway)],
        prompt=prompt,
    )
